"""Dagster resources: the landing directory, the DuckDB warehouse, and dbt.

``Warehouse.path`` is the *published* file analysts read.  Inside a run every step reads and
writes the run's *build* file instead (orchestration/publish.py), and only the publish step swaps
it in.  Every step opens the build, writes, and closes it before the next step starts, so Dagster
and the dbt subprocess never hold it at the same time (DuckDB allows a single writing process);
steps share the ``marsad_warehouse`` concurrency pool so the multiprocess executor serialises
them too.  With ``target="ducklake"`` the build is seeded from and published to a DuckLake
(orchestration/lake.py) and ``path`` only anchors this machine's builds, Data Docs and logs.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version
from pydantic import PrivateAttr

from .lake import Lake
from .locks import HeldLock, file_lock
from .publish import Layout, ensure_build
from .settings import DBT_PROJECT_DIR, SCHEMA_SQL, duckdb_config, landing_dir, warehouse_path


class LandingDirectory(ConfigurableResource):
    """The folder where new article files land."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).absolute()


class Warehouse(ConfigurableResource):
    """The published DuckDB warehouse; inside a run, connections go to the run's build of it.

    ``publish_to`` says where a checked build is published: ``file`` (swapped in at ``path``) or
    ``ducklake`` (committed to the lake ``ducklake_catalog`` / ``ducklake_data``).
    """

    path: str
    publish_to: str = "file"
    ducklake_catalog: str | None = None
    ducklake_data: str | None = None
    _owner: str | None = PrivateAttr(default=None)
    _busy: HeldLock | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        run = context.run
        # "re-execute from failure" gets a new run id but the same root: it continues that build
        self._owner = (run.root_run_id or run.run_id) if run is not None else None

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._busy is not None:
            self._busy.release()
            self._busy = None

    @property
    def lake(self) -> Lake | None:
        """The DuckLake publications go to, or None for the file target."""
        if self.publish_to == "file":
            return None
        if self.publish_to != "ducklake" or not self.ducklake_catalog:
            raise ValueError(f"publish_to={self.publish_to!r}: expected 'file', or 'ducklake' with a ducklake_catalog")
        return Lake(self.ducklake_catalog, self.ducklake_data)

    @property
    def layout(self) -> Layout:
        return Layout.of(self.path, self.lake)

    @contextmanager
    def connect_published(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to what analysts see: the published file, or the lake (``USE lake``)."""
        lake = self.lake
        if lake is not None:
            with lake.connect(read_only=True) as con:
                yield con
            return
        con = duckdb.connect(str(Path(self.path).absolute()), read_only=True)
        try:
            yield con
        finally:
            con.close()

    @property
    def owner(self) -> str | None:
        """The root run id whose build this resource works on (None outside a run)."""
        return self._owner

    def target(self) -> Path:
        """The file steps work on: the run's build (created on first use), else the published file."""
        if self._owner is None:
            return Path(self.path).absolute()
        layout = self.layout
        if self._busy is None:  # tells pruning and `marsad status` that this build is in use
            layout.build_dir(self._owner).mkdir(parents=True, exist_ok=True)
            self._busy = HeldLock(layout.busy_lock(self._owner))
        return ensure_build(layout, self._owner)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.target()
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
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


class MarsadDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two start-up costs paid on every dbt step (see the latency budget).

    It runs ``dbt --version`` in a subprocess to learn the dbt version (4 s on an idle 2-core
    machine, far more under load), and builds an in-process dbt adapter that only its
    ``fetch_row_counts``/``fetch_column_metadata`` helpers use (1-2 s); we count rows ourselves
    after dbt exits (orchestration/assets/dbt.py).  The dbt we run is this environment's, so its
    version is the installed dbt-core's.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        if self.dbt_executable == DBT_EXECUTABLE and Path(DBT_EXECUTABLE).parent == Path(sys.executable).parent:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> DbtCliResource:
    return MarsadDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def warehouse_resource(warehouse: Path | None = None) -> Warehouse:
    """The warehouse at ``warehouse`` (default ``MARSAD_WAREHOUSE``), published to the target the
    environment names (``MARSAD_TARGET`` / ``MARSAD_DUCKLAKE_*``): the target is configuration."""
    lake = Lake.from_settings()
    to_lake = {"publish_to": "ducklake", "ducklake_catalog": lake.catalog, "ducklake_data": lake.data} if lake else {}
    return Warehouse(path=str(Path(warehouse or warehouse_path()).absolute()), **to_lake)


def default_resources(landing: Path | None = None, warehouse: Path | None = None) -> dict:
    """The resource set for a refresh; the CLI passes explicit paths, `dagster dev` uses the env.

    The publish target (file or DuckLake) always comes from the environment (orchestration/settings.py).
    """
    return {
        "landing": LandingDirectory(path=str(Path(landing or landing_dir()).absolute())),
        "warehouse": warehouse_resource(warehouse),
        "dbt": dbt_resource(),
    }


@contextmanager
def dbt_target(warehouse: Warehouse) -> Iterator[Path]:
    """Point dbt's profile (``env_var('MARSAD_WAREHOUSE')``) at this run's build for one invocation.

    dbt reparses the whole project whenever the profile's path changes, and every run has its own
    build directory.  So dbt always opens the same path, a symbolic link next to the published file
    that points at the current build (DuckDB follows it: its write-ahead log stays beside the
    build), and keeps its artifacts in a stable target directory: partial parsing then works from
    one run to the next.  The link is held under a lock for the whole dbt invocation, so two runs'
    dbt steps take turns instead of pointing it at each other's build.  Yields the target directory.
    """
    layout = warehouse.layout
    build = warehouse.target()
    link_dir = layout.state / "dbt"
    link = link_dir / layout.published.name
    with file_lock(layout.state / "dbt.lock"):
        link_dir.mkdir(parents=True, exist_ok=True)
        tmp = link.with_name(link.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(build)
        os.replace(tmp, link)
        previous = os.environ.get("MARSAD_WAREHOUSE")
        os.environ["MARSAD_WAREHOUSE"] = str(link)
        try:
            yield link_dir / "target"
        finally:
            if previous is None:
                os.environ.pop("MARSAD_WAREHOUSE", None)
            else:
                os.environ["MARSAD_WAREHOUSE"] = previous
