"""`marsad query --format csv|json|parquet [--out FILE]`: a query's rows written by DuckDB itself.

DuckDB's own writers (COPY) rather than Python's: the types survive (dates, lists, structs, decimals
in Parquet), large results stream without passing through Python rows, and no dependency is
added.  The SQL is parsed once into a relation and registered under a name, so COPY never
splices the analyst's text into another statement (a trailing ``;`` or ``--`` comment is fine);
registering is allowed on a read-only connection, unlike a view.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

FORMATS = ("table", "csv", "json", "parquet")
_COPY_OPTIONS = {"csv": "format csv, header true", "json": "format json, array true", "parquet": "format parquet"}


class ExportError(ValueError):
    """The options cannot produce that output (e.g. Parquet to a terminal, a statement with no rows)."""


def resolve_format(fmt: str | None, out: Path | None) -> str:
    """The output format: as given, else from ``--out``'s suffix, else a table on the terminal."""
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else ""
        fmt = suffix if suffix in _COPY_OPTIONS else "table"
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "table" and out is not None:
        raise ExportError("--out writes csv, json or parquet: add --format csv|json|parquet")
    if fmt == "parquet" and out is None:
        raise ExportError("parquet is binary: give --out FILE.parquet")
    return fmt


def copy_relation(con: duckdb.DuckDBPyConnection, rel: duckdb.DuckDBPyRelation, fmt: str, out: Path) -> int:
    """Write ``rel`` to ``out`` with COPY in ``fmt``; returns the number of rows written."""
    con.register("marsad_query_result", rel)
    try:
        target = str(out).replace("'", "''")
        return con.execute(f"copy marsad_query_result to '{target}' ({_COPY_OPTIONS[fmt]})").fetchone()[0]
    finally:
        con.unregister("marsad_query_result")


def export(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, out: Path | None) -> int:
    """Run ``sql`` and write its rows as ``fmt`` to ``out`` (stdout when None); returns the row count."""
    rel = con.sql(sql)
    if rel is None:
        raise ExportError("that statement returns no rows to export")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        return copy_relation(con, rel, fmt, out)
    with tempfile.TemporaryDirectory(prefix="marsad-query-") as tmp:
        path = Path(tmp) / f"result.{fmt}"
        n = copy_relation(con, rel, fmt, path)
        text = path.read_text(encoding="utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    return n
