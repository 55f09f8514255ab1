"""Run a warehouse job in-process (no daemon): what `marsad refresh` / `marsad backfill` and the tests call.

Two `marsad refresh` processes on the same warehouse queue on a lock file instead of racing to
publish; a refresh launched by the Dagster daemon at the same time builds its own copy, and
whichever publishes second is refused (never silently merged), see orchestration/publish.py.

With the ``ducklake`` target, writers on other machines publish to the same lake; a refresh whose
publication was superseded by one of them is run again, seeded from the lake's new snapshot (up to
``MARSAD_DUCKLAKE_REBUILDS`` times), so concurrent writers all end up published.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path

from dagster import DagsterEvent, DagsterInstance, ExecuteInProcessResult

from .lake import Lake
from .locks import file_lock
from .progress import ProgressCallback, watching_steps
from .publish import BuildSuperseded, Layout
from .settings import ducklake_rebuilds
from .status import failure_record, record_attempt


def _superseded(events: Iterable[DagsterEvent]) -> bool:
    """The run failed because another refresh published first (its publish step raised BuildSuperseded)."""
    for ev in events:
        if ev.event_type_value != "STEP_FAILURE":
            continue
        err = ev.event_specific_data.error
        while err is not None:
            if err.cls_name == BuildSuperseded.__name__:
                return True
            err = err.cause
    return False


def run_refresh(landing: Path | None, warehouse: Path, log_level: str = "WARNING", *,
                job_name: str = "refresh_warehouse", run_config: dict | None = None,
                on_progress: ProgressCallback | None = None,
                instance: DagsterInstance | None = None) -> ExecuteInProcessResult:
    """Ingest → extract → dbt build → checks → publish, against these paths; never raises on a failed step.

    ``on_progress(finished_steps, total_steps, running_steps)`` is called as each step starts and ends.
    ``instance`` records the run in a persistent Dagster instance (e.g. one on PostgreSQL,
    deploy/dagster-postgres.yaml); by default each run uses a throwaway in-memory one.
    """
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

    rebuilds = ducklake_rebuilds() if Lake.from_settings() is not None else 0
    with file_lock(layout.refresh_lock, on_wait=waiting):
        for attempt in range(rebuilds + 1):
            run_id = str(uuid.uuid4())  # known before the run starts, so its events can be watched
            with nullcontext(instance) if instance is not None else DagsterInstance.ephemeral() as inst, \
                    watching_steps(inst, run_id, job, on_progress):
                result = job.execute_in_process(instance=inst, raise_on_error=False, run_config=config,
                                                run_id=run_id)
            if result.success:
                break
            record = failure_record(result.run_id, job_name, result.all_events)
            if attempt < rebuilds and _superseded(result.all_events):
                record_attempt(layout, {**record, "outcome": "superseded", "retrying": True})
                print("another refresh published to the lake first; rebuilding from its new snapshot …",
                      file=sys.stderr, flush=True)
                continue
            record_attempt(layout, record)
            break
    return result


def run_backfill(warehouse: Path, published_from: str | None, published_to: str | None,
                 log_level: str = "WARNING", on_progress: ProgressCallback | None = None) -> ExecuteInProcessResult:
    """Re-extract the articles published in a date range (plus any outdated ones), rebuild, check, publish."""
    config = {"ops": {"extract_articles": {"config": {"published_from": published_from,
                                                      "published_to": published_to}}}}
    return run_refresh(None, warehouse, log_level, job_name="backfill_extraction", run_config=config,
                       on_progress=on_progress)


def check_results(result: ExecuteInProcessResult) -> list[tuple[str, str, bool]]:
    """(asset key, check name, passed) for every check evaluated in the run."""
    out = []
    for ev in result.all_events:
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            out.append(("/".join(data.asset_key.path), data.check_name, bool(data.passed)))
    return out
