"""Run the refresh job in-process (no daemon): what `marsad refresh` and the tests call."""

from __future__ import annotations

from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult


def run_refresh(landing: Path, warehouse: Path, log_level: str = "WARNING") -> ExecuteInProcessResult:
    """Ingest → extract → dbt build → checks, against these paths; never raises on a failed step."""
    from .manifest import ensure_manifest

    ensure_manifest()
    from .definitions import build_definitions  # needs the dbt manifest at import time

    defs = build_definitions(landing=Path(landing).absolute(), warehouse=Path(warehouse).absolute())
    job = defs.resolve_job_def("refresh_warehouse")
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False,
                                      run_config={"loggers": {"console": {"config": {"log_level": log_level}}}})


def check_results(result: ExecuteInProcessResult) -> list[tuple[str, str, bool]]:
    """(asset key, check name, passed) for every check evaluated in the run."""
    out = []
    for ev in result.all_events:
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            out.append(("/".join(data.asset_key.path), data.check_name, bool(data.passed)))
    return out
