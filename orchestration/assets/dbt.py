"""The dbt project as Dagster assets: one asset per model, dbt tests as asset checks.

dbt runs as a subprocess that opens the run's build file itself, after the Python steps have
closed their connections (the job runs in-process, one step at a time; under the multiprocess
executor the ``marsad_warehouse`` pool serialises the steps).  dbt always sees the same path and
target directory (``resources.dbt_target``), so it parses the project incrementally, and its
artifacts do not pile up as one new folder under dbt_project/target per run.
"""


import json
import time
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
from dagster import AssetCheckResult, AssetExecutionContext, AssetKey, AssetSpec, Output, apply_freshness_policy
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ..checks.freshness import freshness_policy
from ..faults import failpoint
from ..resources import Warehouse, dbt_project, dbt_target
from ..settings import WAREHOUSE_POOL


class MarsadDbtTranslator(DagsterDbtTranslator):
    """Models are keyed ``[schema, model]`` (e.g. ``marts/fct_incidents``) and grouped by layer;
    sources keep dbt's default ``[source, table]`` keys, which are the Python assets' keys.
    Marts carry the freshness policy (orchestration/checks/freshness.py)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        return apply_freshness_policy(spec, freshness_policy()) if spec.key.path[0] == "marts" else spec

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            schema = dbt_resource_props.get("config", {}).get("schema") or dbt_resource_props.get("schema")
            return AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "model":
            fqn = dbt_resource_props.get("fqn", [])
            return fqn[1] if len(fqn) > 2 else "dbt"
        return super().get_group_name(dbt_resource_props)


TRANSLATOR = MarsadDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@cache
def _relations() -> dict[str, str]:
    """dbt unique_id → ``schema.alias`` of every model (for row counts)."""
    manifest = json.loads(Path(dbt_project.manifest_path).read_text(encoding="utf-8"))
    return {uid: f'"{n["schema"]}"."{n.get("alias") or n["name"]}"' for uid, n in manifest["nodes"].items()
            if n["resource_type"] in ("model", "seed", "snapshot")}


def _relation_of(event: Any) -> str | None:
    """The relation a model's ``Output`` event materialised, else None."""
    if not isinstance(event, Output):
        return None
    uid = event.metadata.get("unique_id")
    return _relations().get(getattr(uid, "value", uid)) if uid is not None else None


def _with_row_counts(events: list, build: Path) -> Iterator:
    """The dbt events with ``dagster/row_count`` added to each model's materialization.

    Counted after dbt has exited: while it runs, the dbt subprocess holds the build's write lock.
    """
    con = duckdb.connect(str(build), read_only=True) if build.exists() else None
    try:
        for ev in events:
            rel = _relation_of(ev)
            if con is not None and rel is not None:
                try:
                    n = con.execute(f"select count(*) from {rel}").fetchone()[0]
                    ev = ev.with_metadata({**ev.metadata, "dagster/row_count": n})
                except duckdb.Error:
                    pass
            yield ev
    finally:
        if con is not None:
            con.close()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=TRANSLATOR,
            pool=WAREHOUSE_POOL)
def marsad_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    """`dbt build`: staging → intermediate → marts, with the YAML tests as checks."""
    t0 = time.perf_counter()
    build = warehouse.target()
    events: list = []
    with dbt_target(warehouse) as target_path:
        invocation = dbt.cli(["build"], context=context, raise_on_error=False, target_path=target_path)
        for ev in invocation.stream():
            events.append(ev)
            if (_relation_of(ev) or "").startswith('"marts".'):
                failpoint("dbt.model_built")  # dbt is still running: tests kill -9 here
        error = invocation.get_error()
    context.log.info(f"dbt build finished in {time.perf_counter() - t0:.1f}s "
                     f"({sum(isinstance(e, Output) for e in events)} models, "
                     f"{sum(isinstance(e, AssetCheckResult) for e in events)} tests)")
    yield from _with_row_counts(events, build)
    if error is not None:
        raise error
