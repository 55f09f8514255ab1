"""extract.incident_frames → fusion.* : decide which frames from different articles are one incident.

Runs after extraction and before dbt (dbt's ``int_incident_frames_clustered`` reads the registry).
The rules live in :mod:`orchestration.fusion`; this asset only opens the warehouse, runs them and
reports what they did.
"""


from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from ..fusion.score import SCORER_VERSION, THRESHOLD
from ..fusion.store import run_fusion
from ..resources import Warehouse

_DEPS = [AssetKey(["extract", t]) for t in ("incident_frames", "incident_actors", "article_meta")] + [
    AssetKey(["raw", "articles"]), AssetKey(["ref", "locations"]), AssetKey(["ref", "actors"])]

FRAME_PAIRS = AssetSpec(["fusion", "frame_pairs"], group_name="fusion", kinds={"python", "duckdb"}, deps=_DEPS,
                        description="Every scored candidate pair of incident frames, part by part, with the "
                                    "decision (fused, below threshold, vetoed, ambiguous, conflict).")
INCIDENT_REGISTRY = AssetSpec(["fusion", "incident_registry"], group_name="fusion", kinds={"python", "duckdb"},
                              deps=_DEPS, description="Incident frame -> stable incident_id, kept across refreshes.")


@multi_asset(specs=[FRAME_PAIRS, INCIDENT_REGISTRY], name="fuse_incidents")
def fuse_incidents(context: AssetExecutionContext, warehouse: Warehouse):
    """Score candidate frame pairs, cluster them into incidents, and keep each incident's id.

    Incremental: a run with only new frames scores only their pairs; a run with nothing new writes
    nothing (see :func:`orchestration.fusion.store.run_fusion`)."""
    with warehouse.connect() as con:
        counts = run_fusion(con)
        (n_pairs,) = con.execute("select count(*) from fusion.frame_pairs").fetchone()
    context.log.info(f"fusion {SCORER_VERSION} (threshold {THRESHOLD}): {counts}")
    meta = {"scorer_version": SCORER_VERSION, "threshold": THRESHOLD, **counts}
    yield MaterializeResult(asset_key=FRAME_PAIRS.key, metadata={"dagster/row_count": n_pairs, **meta})
    yield MaterializeResult(asset_key=INCIDENT_REGISTRY.key, metadata={"dagster/row_count": counts["frames"], **meta})
