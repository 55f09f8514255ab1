"""Run a warehouse job in-process (no daemon): what `marsad refresh` / `marsad backfill` and the tests call.

Two `marsad refresh` processes on the same warehouse queue on a lock file instead of racing to
publish; a refresh launched by the Dagster daemon at the same time builds its own copy, and
whichever publishes second is refused (never silently merged), see orchestration/publish.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult

from .locks import file_lock
from .publish import Layout
from .status import failure_record, record_attempt


def run_refresh(landing: Path | None, warehouse: Path, log_level: str = "WARNING", *,
                job_name: str = "refresh_warehouse", run_config: dict | None = None) -> ExecuteInProcessResult:
    """Ingest → extract → dbt build → checks → publish, against these paths; never raises on a failed step."""
    from .manifest import ensure_manifest

    ensure_manifest()
    from .definitions import build_definitions  # needs the dbt manifest at import time

    warehouse = Path(warehouse).absolute()
    defs = build_definitions(landing=Path(landing).absolute() if landing else None, warehouse=warehouse)
    job = defs.resolve_job_def(job_name)
    layout = Layout.of(warehouse)
    config = {"loggers": {"console": {"config": {"log_level": log_level}}}, **(run_config or {})}

    def waiting() -> None:
        print(f"waiting for another refresh of {warehouse} to finish …", file=sys.stderr, flush=True)

    with file_lock(layout.refresh_lock, on_wait=waiting), DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=config)
    if not result.success:
        record_attempt(layout, failure_record(result.run_id, job_name, result.all_events))
    return result


def run_backfill(warehouse: Path, published_from: str | None, published_to: str | None,
                 log_level: str = "WARNING") -> ExecuteInProcessResult:
    """Re-extract the articles published in a date range (plus any outdated ones), rebuild, check, publish."""
    config = {"ops": {"extract_articles": {"config": {"published_from": published_from,
                                                      "published_to": published_to}}}}
    return run_refresh(None, warehouse, log_level, job_name="backfill_extraction", run_config=config)


def check_results(result: ExecuteInProcessResult) -> list[tuple[str, str, bool]]:
    """(asset key, check name, passed) for every check evaluated in the run."""
    out = []
    for ev in result.all_events:
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            out.append(("/".join(data.asset_key.path), data.check_name, bool(data.passed)))
    return out
