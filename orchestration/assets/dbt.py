"""The dbt project as Dagster assets: one asset per model, dbt tests as asset checks.

dbt runs as a subprocess that opens the warehouse file itself, after the Python steps have
closed their connections (the job runs in-process, one step at a time).
"""


from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from ..resources import Warehouse, dbt_project, dbt_target


class MarsadDbtTranslator(DagsterDbtTranslator):
    """Models are keyed ``[schema, model]`` (e.g. ``marts/fct_incidents``) and grouped by layer;
    sources keep dbt's default ``[source, table]`` keys, which are the Python assets' keys."""

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


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=TRANSLATOR)
def marsad_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    """`dbt build`: staging → intermediate → marts, with the YAML tests as checks."""
    with dbt_target(warehouse):
        yield from dbt.cli(["build"], context=context).stream()
