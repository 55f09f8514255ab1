"""Jobs, schedule and sensors: refresh, date-range backfill, version-change backfill, failure log.

Every job that writes the warehouse carries the ``marsad/warehouse: writer`` tag; the shipped
dagster.yaml (deploy/dagster.yaml) lets one such run go at a time, so runs launched by the
schedule, the sensors and a person at once wait in Dagster's run queue instead of colliding.
The jobs default to the in-process executor (one process: the fastest start); an operator may
pick the multiprocess executor in the launchpad, and the ``marsad_warehouse`` pool keeps its
steps one at a time.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from dagster import (
    AssetSelection,
    DagsterRunStatus,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    multi_or_in_process_executor,
    run_failure_sensor,
    sensor,
)

from .assets.ingestion import ingest_landing
from .publish import Layout
from .resources import warehouse_resource
from .settings import WRITER_TAG, landing_dir, warehouse_path
from .status import failure_record, record_attempt

IN_PROCESS = {"execution": {"config": {"in_process": {}}}}
# When the instance enables run retries (deploy/dagster-postgres.yaml), a retry redoes every step:
# a refresh superseded by another writer must re-seed its build from the lake and rebuild, not just
# re-run the failed publish step.  Without run retries (deploy/dagster.yaml) this tag does nothing.
RETRY_ALL_STEPS = {"dagster/retry_strategy": "ALL_STEPS"}
_WAREHOUSE = AssetSelection.all()

refresh_job = define_asset_job(
    "refresh_warehouse",
    selection=_WAREHOUSE,
    executor_def=multi_or_in_process_executor,
    config=IN_PROCESS,
    tags={**WRITER_TAG, **RETRY_ALL_STEPS},
    description="Ingest new files, extract new/outdated articles, build the dbt marts, run every check, "
                "and publish the warehouse if they all passed.",
)

backfill_job = define_asset_job(
    "backfill_extraction",
    selection=_WAREHOUSE - AssetSelection.assets(*ingest_landing.keys),
    executor_def=multi_or_in_process_executor,
    config=IN_PROCESS,
    tags={**WRITER_TAG, **RETRY_ALL_STEPS, "marsad/backfill": "true"},
    description="Re-extract articles: set ops.extract_articles.config.published_from / published_to to "
                "re-extract a publication-date range; without them, re-extracts what a new extractor or "
                "dictionary version made outdated. Then rebuilds the marts, checks and publishes.",
)

WAREHOUSE_JOBS = [refresh_job, backfill_job]

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


def _queued(context: SensorEvaluationContext, job_name: str) -> bool:
    """A run of ``job_name`` waits in the queue: it will see any file that lands before it starts."""
    return bool(context.instance.get_run_ids(
        RunsFilter(job_name=job_name, statuses=[DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED]), limit=1))


@sensor(job=refresh_job, minimum_interval_seconds=5, default_status=DefaultSensorStatus.RUNNING)
def landing_sensor(context: SensorEvaluationContext):
    """Start a refresh when files are added to or changed in the landing directory."""
    root = landing_dir()
    if not root.is_dir():
        return SkipReason(f"landing directory {root} does not exist")
    fp = landing_fingerprint(root)
    if fp == context.cursor:
        return SkipReason("no new files")
    context.update_cursor(fp)
    if _queued(context, refresh_job.name):
        return SkipReason("a queued refresh will pick the new files up")
    return RunRequest(run_key=fp)


def current_extractor_version() -> str:
    """The extractor version as of now (not the cached one: dictionaries may have been edited)."""
    from extractors import extractor_version

    return extractor_version.__wrapped__()


@sensor(job=backfill_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING)
def extractor_version_sensor(context: SensorEvaluationContext):
    """Launch a backfill when a new extractor/dictionary version makes published extractions outdated."""
    version = current_extractor_version()
    if context.cursor == version:
        return SkipReason(f"extractor version {version} already handled")
    warehouse = warehouse_resource()
    published = warehouse.lake.describe() if warehouse.lake else warehouse.path
    if warehouse.lake is None and not warehouse_path().exists():
        return SkipReason("nothing published yet")
    try:
        with warehouse.connect_published() as con:
            stale = con.execute("select count(*) from extract.article_meta where extractor_version <> ?",
                                [version]).fetchone()[0]
    except duckdb.Error as e:
        return SkipReason(f"cannot read {published}: {e}")
    context.update_cursor(version)
    if not stale:
        return SkipReason(f"every published extraction is already at {version}")
    return RunRequest(run_key=f"extractor-version:{version}",
                      tags={"marsad/backfill": "extractor_version", "marsad/extractor_version": version,
                            "marsad/outdated_articles": str(stale)})


@run_failure_sensor(monitored_jobs=WAREHOUSE_JOBS, default_status=DefaultSensorStatus.RUNNING)
def record_failed_refresh(context: RunFailureSensorContext):
    """Write a failed run's failing checks and steps to the warehouse's attempt log (`marsad status`)."""
    run = context.dagster_run
    records = context.instance.all_logs(run.run_id)
    events = [r.dagster_event for r in records if r.dagster_event is not None]
    record_attempt(Layout.of(warehouse_path()), failure_record(run.run_id, run.job_name, events))
