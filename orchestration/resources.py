"""Dagster resources: the landing directory, the DuckDB warehouse, and dbt.

Every Python asset opens the warehouse, writes, and closes it before the next step starts; the
job runs in-process and serially, so Dagster and the dbt subprocess never hold the DuckDB file
at the same time (DuckDB allows a single writing process).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject

from .settings import DBT_PROJECT_DIR, SCHEMA_SQL, landing_dir, warehouse_path


class LandingDirectory(ConfigurableResource):
    """The folder where new article files land."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).absolute()


class Warehouse(ConfigurableResource):
    """The DuckDB warehouse file (created on first use, with the raw/ref/extract schemas)."""

    path: str

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only)
        try:
            if not read_only:
                con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            yield con
        finally:
            con.close()


# The dbt that belongs to this interpreter's environment, whether or not the venv is on PATH.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt")) if Path(sys.executable).with_name("dbt").exists() \
    else (shutil.which("dbt") or "dbt")


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def default_resources(landing: Path | None = None, warehouse: Path | None = None) -> dict:
    """The resource set for a refresh; the CLI passes explicit paths, `dagster dev` uses the env."""
    wh = Path(warehouse or warehouse_path()).absolute()
    return {
        "landing": LandingDirectory(path=str(Path(landing or landing_dir()).absolute())),
        "warehouse": Warehouse(path=str(wh)),
        "dbt": dbt_resource(),
    }


@contextmanager
def dbt_target(warehouse: Warehouse) -> Iterator[None]:
    """Point dbt's profile (``env_var('MARSAD_WAREHOUSE')``) at this warehouse for one invocation."""
    previous = os.environ.get("MARSAD_WAREHOUSE")
    os.environ["MARSAD_WAREHOUSE"] = str(Path(warehouse.path).absolute())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("MARSAD_WAREHOUSE", None)
        else:
            os.environ["MARSAD_WAREHOUSE"] = previous
