"""The search index as a blocking asset check: no build with an index that misses articles is published.

What it proves is in orchestration/search/verify.py.  It is listed with the Great Expectations
checks in the publish step's required checks (orchestration/assets/publish.py), so a run that
rebuilt the index but did not evaluate this check publishes nothing.
"""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetChecksDefinition, AssetCheckSeverity, asset_check

from ..assets.search import SEARCH_INDEX
from ..resources import Warehouse
from ..search.verify import verify_index
from ..settings import WAREHOUSE_POOL


@asset_check(asset=SEARCH_INDEX, name="search_index_answers", blocking=True, pool=WAREHOUSE_POOL,
             description="Every article and sentence is indexed, by the current analyser, and words taken "
                         "from sample articles as written find those articles and sentences.")
def search_index_answers(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        problems, metadata = verify_index(con)
    if problems:
        metadata = {**metadata, "problem": "; ".join(problems)[:2000]}
    return AssetCheckResult(passed=not problems, severity=AssetCheckSeverity.ERROR, metadata=metadata)


SEARCH_CHECKS: list[AssetChecksDefinition] = [search_index_answers]
