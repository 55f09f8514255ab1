"""The refresh job, its daily schedule, and the sensor that reacts to new files."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    in_process_executor,
    sensor,
)

from .settings import landing_dir

refresh_job = define_asset_job(
    "refresh_warehouse",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,  # one step at a time: DuckDB has a single writer
    description="Ingest new files, extract, build the dbt marts, and run every check.",
)

daily_refresh = ScheduleDefinition(job=refresh_job, cron_schedule="0 3 * * *",
                                   default_status=DefaultScheduleStatus.STOPPED)


def landing_fingerprint(root: Path) -> str:
    """Cheap summary of the landing tree (file count, total size, newest mtime)."""
    count = size = newest = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            count += 1
            size += st.st_size
            newest = max(newest, st.st_mtime_ns)
    return f"{count}:{size}:{newest}"


@sensor(job=refresh_job, minimum_interval_seconds=15, default_status=DefaultSensorStatus.RUNNING)
def landing_sensor(context: SensorEvaluationContext):
    """Start a refresh when files are added to or changed in the landing directory."""
    root = landing_dir()
    if not root.is_dir():
        return SkipReason(f"landing directory {root} does not exist")
    fp = landing_fingerprint(root)
    if fp == context.cursor:
        return SkipReason("no new files")
    context.update_cursor(fp)
    return RunRequest(run_key=fp)
