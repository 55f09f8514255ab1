"""Great Expectations suites (expectations/) as blocking Dagster asset checks.

GX 1.x cannot validate DuckDB through its SQL datasource, and dagster-ge needs GX < 1.0, so each
check loads the table as a pandas frame (with provenance columns derived in SQL) and validates
it with the suite; a failed expectation fails the check with ERROR severity, which stops every
asset downstream of the checked one in the same run, and with it the publish step.  Each
validation is also rendered as a Data Docs page in the run's docs folder next to the warehouse.
"""


from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from expectations.runner import SUITES, validate_table

from ..resources import Warehouse
from ..settings import WAREHOUSE_POOL


def _make_check(suite_name: str, table: str, stage: str) -> AssetChecksDefinition:
    key = AssetKey(table.split("."))

    @asset_check(asset=key, name=f"gx_{suite_name}", blocking=True, compute_kind="great_expectations",
                 pool=WAREHOUSE_POOL,
                 description=f"Great Expectations suite '{suite_name}' ({stage}) on {table}.")
    def _check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        docs = warehouse.layout.docs / context.run.run_id
        with warehouse.connect(read_only=True) as con:
            result = validate_table(con, suite_name, docs_dir=docs)
        return AssetCheckResult(passed=result.success, severity=AssetCheckSeverity.ERROR,
                                metadata={**result.to_metadata(),
                                          "data_docs": MetadataValue.path(str(docs / f"{suite_name}.html"))})

    return _check


GX_CHECKS: list[AssetChecksDefinition] = [
    _make_check(name, table, stage) for name, (_builder, table, stage) in SUITES.items()
]
