"""Where things live by default; every path can be overridden by configuration or environment.

``MARSAD_LANDING`` and ``MARSAD_WAREHOUSE`` are read when Dagster loads the code location
(``dagster dev``); the ``marsad`` command passes explicit paths instead.

Where the checked warehouse is *published* is configuration too (docs/scaling.md):
``MARSAD_TARGET=file`` (the default) swaps one DuckDB file in at ``MARSAD_WAREHOUSE``;
``MARSAD_TARGET=ducklake`` commits it to the DuckLake catalog ``MARSAD_DUCKLAKE_CATALOG``
(``postgres:dbname=… host=…``, ``sqlite:/path/lake.sqlite`` or a DuckDB catalog file) with data
files under ``MARSAD_DUCKLAKE_DATA`` (a directory or ``s3://…``).  Both the ``marsad`` command
and the Dagster code location read these, so switching targets needs no code change.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SCHEMA_SQL = Path(__file__).resolve().parent / "sql" / "warehouse_schema.sql"
SAMPLE_LANDING = REPO_ROOT / "sample_corpus" / "landing"
DEFAULT_WAREHOUSE = REPO_ROOT / "data" / "warehouse.duckdb"


def landing_dir() -> Path:
    return Path(os.environ.get("MARSAD_LANDING", SAMPLE_LANDING)).absolute()


def warehouse_path() -> Path:
    return Path(os.environ.get("MARSAD_WAREHOUSE", DEFAULT_WAREHOUSE)).absolute()


TARGETS = ("file", "ducklake")


def publish_target() -> str:
    """``file`` or ``ducklake`` (``MARSAD_TARGET``); anything else is a configuration error, not a silent default."""
    target = os.environ.get("MARSAD_TARGET", "file").strip().lower() or "file"
    if target not in TARGETS:
        raise ValueError(f"MARSAD_TARGET={target!r}: expected one of {', '.join(TARGETS)}")
    return target


def ducklake_catalog() -> str | None:
    return os.environ.get("MARSAD_DUCKLAKE_CATALOG") or None


def ducklake_data() -> str | None:
    return os.environ.get("MARSAD_DUCKLAKE_DATA") or None


def duckdb_config() -> dict[str, str]:
    """Settings for the connections a refresh writes through (and dbt's, in profiles.yml).

    ``memory_limit`` (``MARSAD_DUCKDB_MEMORY_LIMIT``, default 1GB) bounds DuckDB's buffers, so big
    joins and sorts spill to disk instead of growing the process towards DuckDB's default of 80 %
    of the machine's memory: a refresh's peak memory then stays near that limit at any corpus size."""
    return {"memory_limit": os.environ.get("MARSAD_DUCKDB_MEMORY_LIMIT", "1GB")}


def ducklake_rebuilds() -> int:
    """How often a ducklake refresh whose publication lost the race to another writer is run again
    from the lake's new state (``MARSAD_DUCKLAKE_REBUILDS``, default 2; orchestration/refresh.py)."""
    return int(os.environ.get("MARSAD_DUCKLAKE_REBUILDS", "2"))


# Every step that opens the warehouse build claims a slot in this Dagster concurrency pool; the
# shipped dagster.yaml (deploy/dagster.yaml) limits it to 1, so even the multiprocess executor
# runs them one at a time instead of failing on DuckDB's single-writer lock.
WAREHOUSE_POOL = "marsad_warehouse"
# Runs that write the warehouse carry this tag; dagster.yaml queues them one at a time.
WRITER_TAG = {"marsad/warehouse": "writer"}
