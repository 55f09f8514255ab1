"""The Dagster code location: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

from pathlib import Path

from dagster import Definitions, in_process_executor

from .assets.dbt import marsad_dbt_models
from .assets.extraction import extract_articles
from .assets.ingestion import ingest_landing
from .assets.reference import load_dictionaries
from .checks.gx_checks import GX_CHECKS
from .jobs import daily_refresh, landing_sensor, refresh_job
from .resources import dbt_project, default_resources

dbt_project.prepare_if_dev()


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
