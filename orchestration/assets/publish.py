"""The last step of a refresh: swap the checked build in as the warehouse analysts read.

The publish asset depends on every asset of the warehouse that nothing else depends on, so a
blocking check that fails anywhere upstream skips it.  It then checks again, from the run's own
event log, that no ERROR check failed and that every asset materialised in this run had its
Great Expectations suite (and the landing reconciliation) evaluated, before calling
:func:`orchestration.publish.publish`.
"""


import shutil
import time
from collections.abc import Sequence

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    DagsterEventType,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from extractors import EXTRACTOR_VERSION
from extractors.dictionaries import dictionary_version

from ..checks.freshness import freshness_policy
from ..checks.gx_checks import GX_CHECKS
from ..checks.search_index import SEARCH_CHECKS
from ..publish import publish
from ..resources import Warehouse
from ..settings import WAREHOUSE_POOL
from ..status import check_outcomes, record_attempt

PUBLISHED = AssetKey(["warehouse", "published"])
KEEP_DOCS_RUNS = 30


def _required_checks() -> dict[AssetKey, set[str]]:
    """Asset → the blocking checks that must have passed in a run that materialised it
    (Great Expectations suites, the landing reconciliation, the search index check)."""
    required: dict[AssetKey, set[str]] = {AssetKey(["raw", "ingest_log"]): {"reconcile_landing"}}
    for checks_def in [*GX_CHECKS, *SEARCH_CHECKS]:
        for key in checks_def.check_keys:
            required.setdefault(key.asset_key, set()).add(key.name)
    return required


def leaf_keys(assets: Sequence[AssetsDefinition]) -> list[AssetKey]:
    """Keys of ``assets`` that no other of them depends on (the ends of the lineage)."""
    keys = {k for a in assets for k in a.keys}
    upstream = {dep for a in assets for deps in a.asset_deps.values() for dep in deps}
    return sorted(keys - upstream, key=lambda k: k.to_user_string())


def _prune_docs(docs_root, keep: int = KEEP_DOCS_RUNS) -> None:
    if not docs_root.is_dir():
        return
    runs = sorted((d for d in docs_root.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime, reverse=True)
    for d in runs[keep:]:
        shutil.rmtree(d, ignore_errors=True)


def build_publish_asset(upstream: Sequence[AssetsDefinition]) -> AssetsDefinition:
    """The publish asset, downstream of the leaves of ``upstream`` (every warehouse asset)."""

    @asset(key=PUBLISHED, deps=leaf_keys(upstream), group_name="publish", kinds={"duckdb"}, pool=WAREHOUSE_POOL,
           freshness_policy=freshness_policy(),
           description="The warehouse file analysts open (--warehouse), swapped in atomically after every "
                       "blocking check of the run passed.")
    def publish_warehouse(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        t0 = time.perf_counter()
        records = context.instance.all_logs(context.run.run_id, of_type={DagsterEventType.ASSET_CHECK_EVALUATION,
                                                                     DagsterEventType.ASSET_MATERIALIZATION})
        events = [r.dagster_event for r in records if r.dagster_event is not None]
        checks = check_outcomes(events)
        failed = [c for c in checks if not c.passed and c.severity == "ERROR"]
        evaluated = {(c.asset, c.check) for c in checks}
        materialized = {ev.asset_key for ev in events if ev.event_type_value == "ASSET_MATERIALIZATION"}
        missing = sorted(f"{'/'.join(key.path)} :: {name}" for key, names in _required_checks().items()
                         if key in materialized for name in names if ("/".join(key.path), name) not in evaluated)
        if failed or missing:
            raise Failure("not publishing: " + "; ".join(
                [f"{c.asset} :: {c.check} failed ({c.why})" for c in failed] + [f"{m} was not run" for m in missing]))
        docs = warehouse.layout.docs / context.run.run_id / "index.html"
        record = publish(warehouse.layout, warehouse.owner or context.run.run_id, run_id=context.run.run_id,
                         job_name=context.job_name, checks_passed=sum(c.passed for c in checks),
                         checks_warned=sum(not c.passed for c in checks), extractor_version=EXTRACTOR_VERSION,
                         dictionary_version=dictionary_version(), data_docs=str(docs) if docs.exists() else None)
        _prune_docs(warehouse.layout.docs)
        record_attempt(warehouse.layout, {**record, "outcome": "published", "finished_at": record["published_at"]})
        counts = record["table_counts"]
        lake = warehouse.lake
        where = lake.describe() if lake else warehouse.path
        context.log.info(f"published #{record['publication_id']} to {where}: {counts}")
        return MaterializeResult(metadata={
            "publication_id": record["publication_id"], "path": MetadataValue.path(warehouse.path),
            **({"lake": lake.describe(), "lake_snapshot": record["lake_snapshot"]} if lake else {}),
            "dagster/row_count": counts.get("raw.articles", 0),
            "table_counts": MetadataValue.json(counts), "checks_passed": record["checks_passed"],
            "checks_warned": record["checks_warned"], "duration_s": round(time.perf_counter() - t0, 3),
            **({"data_docs": MetadataValue.path(str(docs))} if docs.exists() else {})})

    return publish_warehouse
