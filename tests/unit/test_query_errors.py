"""What `marsad query` tells an analyst when a query cannot run (real DuckDB, in memory)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.query_export import ExportError, resolve_format
from orchestration.warehouse_access import closest_table, explain_error, lock_holder


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("create schema marts; create schema raw")
    for t in ("fct_claims", "fct_incidents", "fct_incident_reports", "dim_actors", "mart_source_coverage"):
        c.execute(f"create table marts.{t} (x int)")
    c.execute("create table raw.articles (x int)")
    yield c
    c.close()


def _error(con, sql: str) -> duckdb.Error:
    with pytest.raises(duckdb.Error) as info:
        con.execute(sql)
    return info.value


@pytest.mark.parametrize(("name", "closest"), [
    ("fct_claim", "marts.fct_claims"), ("marts.fct_incident", "marts.fct_incidents"), ("dim_actor", "marts.dim_actors"),
    ("raw.article", "raw.articles"), ("weather", None)])
def test_closest_table(con, name: str, closest: str | None) -> None:
    assert closest_table(con, name) == closest


def test_unknown_table_lists_the_marts(con) -> None:
    sql = "select * from marts.fct_claim"
    lines = explain_error(con, _error(con, sql), sql)
    assert lines[0] == "unknown table: marts.fct_claim"
    assert explain_error(con, _error(con, sql))[0] == "unknown table: fct_claim"  # DuckDB's name, without the SQL
    assert "did you mean marts.fct_claims?" in lines
    assert lines[-1].startswith("marts: marts.dim_actors, marts.fct_claims")


def test_parser_and_binder_errors_keep_duckdbs_message(con) -> None:
    assert explain_error(con, _error(con, "selec 1"))[0] == "SQL syntax error:"
    lines = explain_error(con, _error(con, "select nope from marts.fct_claims"))
    assert lines[0] == "query failed:" and "nope" in lines[1]


def test_lock_holder_is_read_from_duckdbs_message() -> None:
    msg = ('IO Error: Could not set lock on file "/w.duckdb": Conflicting lock is held in /usr/bin/python3.11 '
           '(PID 999999999). See also https://duckdb.org/docs/stable/connect/concurrency')
    assert lock_holder(msg) == "PID 999999999 (/usr/bin/python3.11)"
    assert lock_holder("IO Error: No such file or directory") is None


@pytest.mark.parametrize(("fmt", "out", "resolved"), [
    (None, None, "table"), (None, "a.csv", "csv"), (None, "a.PARQUET", "parquet"), (None, "a.json", "json"),
    ("json", None, "json"), ("csv", "a.txt", "csv")])
def test_resolve_format(fmt: str | None, out: str | None, resolved: str) -> None:
    assert resolve_format(fmt, Path(out) if out else None) == resolved


@pytest.mark.parametrize(("fmt", "out"), [("parquet", None), ("table", "a.csv"), (None, "a.txt"), ("xlsx", None)])
def test_impossible_format_requests_are_refused(fmt: str | None, out: str | None) -> None:
    with pytest.raises(ExportError):
        resolve_format(fmt, Path(out) if out else None)
