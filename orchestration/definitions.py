"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

from pathlib import Path

from dagster import Definitions, in_process_executor

from .manifest import ensure_manifest

ensure_manifest()  # before the dbt assets module reads target/manifest.json

from .assets.dbt import marsad_dbt_models  # noqa: E402
from .assets.export import incidents_geojson  # noqa: E402
from .assets.extraction import extract_articles  # noqa: E402
from .assets.fusion import fuse_incidents  # noqa: E402
from .assets.ingestion import ingest_landing  # noqa: E402
from .assets.publish import build_publish_asset  # noqa: E402
from .assets.reference import load_dictionaries  # noqa: E402
from .assets.search import search_fts_index  # noqa: E402
from .checks.gx_checks import GX_CHECKS  # noqa: E402
from .checks.reconcile import reconcile_landing  # noqa: E402
from .checks.search_index import SEARCH_CHECKS  # noqa: E402
from .jobs import (  # noqa: E402
    WAREHOUSE_JOBS,
    daily_refresh,
    extractor_version_sensor,
    landing_sensor,
    record_failed_refresh,
)
from .resources import default_resources  # noqa: E402

# Every asset that writes the warehouse build; publish waits for all of them (add new ones here).
WAREHOUSE_ASSETS = [ingest_landing, load_dictionaries, extract_articles, fuse_incidents, marsad_dbt_models,
                    search_fts_index]
publish_warehouse = build_publish_asset(WAREHOUSE_ASSETS)


def build_definitions(landing: Path | None = None, warehouse: Path | None = None) -> Definitions:
    """Definitions bound to a landing directory and warehouse (defaults: env / sample corpus)."""
    return Definitions(
        assets=[*WAREHOUSE_ASSETS, publish_warehouse, incidents_geojson],
        asset_checks=[*GX_CHECKS, reconcile_landing, *SEARCH_CHECKS],
        jobs=WAREHOUSE_JOBS,
        schedules=[daily_refresh],
        sensors=[landing_sensor, extractor_version_sensor, record_failed_refresh],
        resources=default_resources(landing, warehouse),
        executor=in_process_executor,
    )


defs = build_definitions()
