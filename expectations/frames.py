"""Load, from the warehouse DuckDB, the DataFrame each suite validates.

GX 1.x cannot validate DuckDB through its SQL datasource, so every suite runs on a pandas
DataFrame.  The SQL for suite ``X`` lives in ``expectations/sql/X.sql`` (one readable file per
suite, next to this module).  Besides the table's own columns it computes, inside DuckDB, the
derived ``*_ok`` booleans that need the article text or another table, e.g.::

    substring(a.text, m.char_start + 1, m.char_end - m.char_start) = m.surface as surface_ok

so the big article texts never travel to pandas.  A null flag means "could not be confirmed"
(a missing article, a null offset) and is turned into ``False`` here, because GX's set
expectations silently skip nulls.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")
_TABLE_REF = re.compile(r"\b(raw|ref|extract|marts)\.([a-z_][a-z0-9_]*)\b")
_COMMENT = re.compile(r"--[^\n]*")


class FrameError(RuntimeError):
    """The frame for a suite could not be loaded (bad SQL, contract column missing …)."""


class MissingTableError(FrameError):
    """A table the suite reads does not exist yet: its upstream asset has not run."""


@cache
def frame_sql(suite_name: str) -> str:
    """The DuckDB query whose result the suite validates."""
    path = SQL_DIR / f"{suite_name}.sql"
    if not path.is_file():
        raise FrameError(f"no frame SQL for suite {suite_name!r} (expected {path})")
    return path.read_text(encoding="utf-8")


def required_tables(suite_name: str) -> tuple[str, ...]:
    """Every ``schema.table`` the suite's SQL reads, sorted."""
    sql = _COMMENT.sub("", frame_sql(suite_name))
    return tuple(sorted({f"{schema}.{table}" for schema, table in _TABLE_REF.findall(sql)}))


def missing_tables(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> list[str]:
    """Those of ``tables`` (tables or views) that the connected warehouse does not have."""
    present = {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}
    return [t for t in tables if t not in present]


def load_frame(con: duckdb.DuckDBPyConnection, suite_name: str) -> pd.DataFrame:
    """Run the suite's SQL and return the frame, with every ``*_ok`` flag a strict boolean."""
    missing = missing_tables(con, required_tables(suite_name))
    if missing:
        raise MissingTableError(f"suite {suite_name!r} cannot run yet: missing table(s) {', '.join(missing)} "
                                f"in this warehouse (materialise the upstream assets first)")
    try:
        frame = con.execute(frame_sql(suite_name)).df()
    except duckdb.Error as exc:
        raise FrameError(f"suite {suite_name!r}: loading its frame failed: {exc}") from exc
    for column in frame.columns:
        if column.endswith("_ok"):
            frame[column] = frame[column].fillna(False).astype(bool)
    return frame
