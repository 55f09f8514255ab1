"""Load DuckDB extensions (fts, ducklake, postgres) offline from their PyPI wheels.

DuckDB normally downloads extensions from extensions.duckdb.org on first ``INSTALL``/``LOAD``;
this machine (and many air-gapped analyst machines) cannot reach it.  The
``duckdb-extension-<name>`` wheels ship the extension binary for the matching DuckDB version
inside the Python package, so we ``INSTALL`` it from that file (which copies it into DuckDB's
extension directory, where autoloading — e.g. ``ATTACH 'ducklake:postgres:…'`` — finds it) and
then ``LOAD`` it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

# extension name as DuckDB knows it → the Python package of its wheel
WHEELS = {
    "fts": "duckdb_extension_fts",
    "ducklake": "duckdb_extension_ducklake",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}
ALIASES = {"postgres": "postgres_scanner"}


class ExtensionUnavailable(RuntimeError):
    """The extension's wheel is not installed for this DuckDB version."""


def extension_file(name: str) -> Path:
    """Path of the ``.duckdb_extension`` binary the wheel ships for the running DuckDB."""
    name = ALIASES.get(name, name)
    if name not in WHEELS:
        raise ExtensionUnavailable(f"no wheel known for DuckDB extension {name!r}")
    try:
        package = importlib.import_module(WHEELS[name])
    except ImportError as e:
        raise ExtensionUnavailable(f"install duckdb-extension-{name.replace('_', '-')} for {name}") from e
    version = "v" + duckdb.__version__
    path = Path(package.__file__).parent / "extensions" / version / f"{name}.duckdb_extension"
    if not path.is_file():
        raise ExtensionUnavailable(f"{path} missing: the {name} wheel does not match DuckDB {duckdb.__version__}")
    return path


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Install (from the wheel, no network) and load ``name`` on ``con``; a no-op when loaded."""
    canonical = ALIASES.get(name, name)
    loaded = con.execute(
        "select loaded from duckdb_extensions() where extension_name = ?", [canonical]).fetchone()
    if loaded and loaded[0]:
        return
    path = extension_file(canonical)
    try:
        con.execute(f"LOAD '{canonical}'")
    except duckdb.Error:
        con.execute(f"INSTALL '{path}'")
        con.execute(f"LOAD '{canonical}'")
