"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

from pathlib import Path

from dagster import Definitions, in_process_executor

from .manifest import ensure_manifest

ensure_manifest()  # before the dbt assets module reads target/manifest.json

from .assets.dbt import marsad_dbt_models  # noqa: E402
from .assets.extraction import extract_articles  # noqa: E402
from .assets.ingestion import ingest_landing  # noqa: E402
from .assets.reference import load_dictionaries  # noqa: E402
from .checks.gx_checks import GX_CHECKS  # noqa: E402
from .jobs import daily_refresh, landing_sensor, refresh_job  # noqa: E402
from .resources import default_resources  # noqa: E402


def build_definitions(landing: Path | None = None, warehouse: Path | None = None) -> Definitions:
    """Definitions bound to a landing directory and warehouse (defaults: env / sample corpus)."""
    return Definitions(
        assets=[ingest_landing, load_dictionaries, extract_articles, marsad_dbt_models],
        asset_checks=GX_CHECKS,
        jobs=[refresh_job],
        schedules=[daily_refresh],
        sensors=[landing_sensor],
        resources=default_resources(landing, warehouse),
        executor=in_process_executor,
    )


defs = build_definitions()
