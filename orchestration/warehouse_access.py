"""Opening the published warehouse read-only, and saying plainly why a query could not run.

`marsad query` and `marsad search` are what analysts type first, so their errors name the fix:
a missing file → run a refresh; a lock → which process holds a *write* connection and that
the published file is for read-only use (a refresh never writes it, it replaces it); an unknown
table → the marts and the closest name; bad SQL → DuckDB's message with its caret.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import duckdb

# What analysts query; used when the file cannot be asked (the contract in ../shared/docs/marts.md).
MART_TABLES = ("dim_articles", "dim_actors", "dim_actor_aliases", "dim_locations", "fct_incidents",
               "fct_incident_reports", "bridge_incident_actors", "fct_actor_mentions", "fct_claims",
               "bridge_claim_actors")

_LOCK = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
_MISSING_TABLE = re.compile(r'Table with name "?(?P<name>[^"\s!]+)"? does not exist')


class WarehouseUnavailable(RuntimeError):
    """The published file cannot be opened; ``str()`` says why and what to do."""


def _command_line(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    cmd = raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()
    return cmd[:200] or None


def lock_holder(message: str) -> str | None:
    """'PID 123 (python -m foo)' from DuckDB's lock error, else None when it is not a lock error."""
    m = _LOCK.search(message)
    if m is None:
        return None
    pid = int(m["pid"])
    return f"PID {pid} ({_command_line(pid) or m['program']})"


def open_published(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse, or :class:`WarehouseUnavailable`."""
    if not path.exists():
        raise WarehouseUnavailable(f"warehouse not found: {path} (run `marsad refresh` first, or pass --warehouse)")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        holder = lock_holder(str(e))
        if holder is None:
            raise WarehouseUnavailable(f"cannot open warehouse {path}: {e}") from e
        raise WarehouseUnavailable(
            f"warehouse is locked: {holder} holds a write connection to {path}.\n"
            "marsad never opens the published file for writing (a refresh replaces it), so whoever holds it "
            "should reconnect read-only — `duckdb -readonly FILE`, `duckdb.connect(FILE, read_only=True)` — "
            "which never blocks anyone (and anything written into it is lost at the next refresh).") from e


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """``marts.<table>`` of every mart in the file (the contract's list if it has none)."""
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by 1").fetchall()]
    except duckdb.Error:
        names = []
    return [f"marts.{n}" for n in names or MART_TABLES]


def _all_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    try:
        return [r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema not like 'fts_%' order by 1").fetchall()]
    except duckdb.Error:
        return []


def closest_table(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The table most like ``name`` (marts first), by difflib; None when nothing is close."""
    bare = name.split(".")[-1].lower()
    marts = mart_tables(con)
    found = difflib.get_close_matches(bare, [m.split(".", 1)[1] for m in marts], n=1, cutoff=0.6)
    if found:
        return f"marts.{found[0]}"
    tables = _all_tables(con)
    found = difflib.get_close_matches(name.lower(), tables, n=1, cutoff=0.6) or difflib.get_close_matches(
        bare, [t.split(".", 1)[1] for t in tables], n=1, cutoff=0.6)
    if not found:
        return None
    return next((t for t in tables if t == found[0] or t.endswith("." + found[0])), None)


def _as_typed(name: str, sql: str | None) -> str:
    """``fct_claim`` as the analyst typed it (``marts.fct_claim``): DuckDB drops an existing schema."""
    if sql and "." not in name:
        m = re.search(rf"(?<![\w.])((?:\w+\.)?{re.escape(name)})(?![\w.])", sql, re.I)
        if m:
            return m.group(1)
    return name


def explain_error(con: duckdb.DuckDBPyConnection, error: duckdb.Error, sql: str | None = None) -> list[str]:
    """Lines telling an analyst what went wrong with their SQL (``sql``) and what to try instead."""
    message = str(error).strip()
    if isinstance(error, duckdb.ParserException):
        return ["SQL syntax error:", message]
    m = _MISSING_TABLE.search(message) if isinstance(error, duckdb.CatalogException) else None
    if m is None:
        return ["query failed:", message]
    name = _as_typed(m["name"], sql)
    lines = [f"unknown table: {name}"]
    suggestion = closest_table(con, name)
    if suggestion:
        lines.append(f"did you mean {suggestion}?")
    lines.append("marts: " + ", ".join(mart_tables(con)))
    return lines
