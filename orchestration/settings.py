"""Where things live by default; every path can be overridden by configuration or environment.

``MARSAD_LANDING`` and ``MARSAD_WAREHOUSE`` are read when Dagster loads the code location
(``dagster dev``); the ``marsad`` command passes explicit paths instead.
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


# Every step that opens the warehouse build claims a slot in this Dagster concurrency pool; the
# shipped dagster.yaml (deploy/dagster.yaml) limits it to 1, so even the multiprocess executor
# runs them one at a time instead of failing on DuckDB's single-writer lock.
WAREHOUSE_POOL = "marsad_warehouse"
# Runs that write the warehouse carry this tag; dagster.yaml queues them one at a time.
WRITER_TAG = {"marsad/warehouse": "writer"}
