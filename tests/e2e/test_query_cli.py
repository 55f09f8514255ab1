"""`marsad query` on the published sample-corpus warehouse: export formats and the errors analysts meet."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from orchestration.cli import app

SQL = "select claim_id, article_id, claim_type, subject_actor_ids, claim_date, confidence from marts.fct_claims"


def marsad_query(warehouse: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["query", "--warehouse", str(warehouse), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def expected(sample_warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        rows = con.execute(SQL + " order by claim_id").fetchall()
    finally:
        con.close()
    assert len(rows) > 50
    return rows


@pytest.mark.parametrize(("fmt", "reader"), [("parquet", "read_parquet"), ("csv", "read_csv"),
                                             ("json", "read_json")])
def test_formats_round_trip(sample_warehouse: Path, expected: list[tuple], tmp_path: Path, fmt: str,
                            reader: str) -> None:
    out = tmp_path / f"claims.{fmt}"
    code, output = marsad_query(sample_warehouse, SQL, "--format", fmt, "--out", str(out))
    assert code == 0, output
    assert f"wrote {len(expected)} row(s) as {fmt}" in output
    back = duckdb.connect().execute(f"select * from {reader}(?) order by claim_id", [str(out)]).fetchall()
    if fmt == "csv":  # CSV has no lists: DuckDB writes them as [a, b]
        expected = [(*r[:3], None if r[3] is None else f"[{', '.join(r[3])}]", *r[4:]) for r in expected]
    assert back == expected  # ids, dates, doubles (and lists, but in CSV) come back as they left


def test_the_format_follows_the_out_suffix(sample_warehouse: Path, expected: list[tuple], tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    code, output = marsad_query(sample_warehouse, SQL + ";  -- a trailing comment", "--out", str(out))
    assert code == 0, output
    assert duckdb.connect().execute("select count(*) from read_parquet(?)", [str(out)]).fetchone()[0] == len(expected)


def test_csv_and_json_go_to_stdout_without_out(sample_warehouse: Path, expected: list[tuple]) -> None:
    code, output = marsad_query(sample_warehouse, SQL + " order by claim_id", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [r["claim_id"] for r in rows] == [e[0] for e in expected]
    code, output = marsad_query(sample_warehouse, SQL + " order by claim_id", "--format", "json")
    assert code == 0
    records = json.loads(output)
    assert [r["claim_id"] for r in records] == [e[0] for e in expected]
    assert records[0]["subject_actor_ids"] == expected[0][3]


def test_parquet_needs_a_file(sample_warehouse: Path) -> None:
    code, output = marsad_query(sample_warehouse, SQL, "--format", "parquet")
    assert code == 2 and "give --out" in output


def test_missing_warehouse(tmp_path: Path) -> None:
    code, output = marsad_query(tmp_path / "nope.duckdb", "select 1")
    assert code == 2
    assert "warehouse not found" in output and "marsad refresh" in output


def test_bad_sql_shows_the_parser_message(sample_warehouse: Path) -> None:
    code, output = marsad_query(sample_warehouse, "selec * from marts.fct_claims")
    assert code == 1
    assert "SQL syntax error" in output and 'syntax error at or near "selec"' in output


@pytest.mark.parametrize(("typo", "suggestion"), [("marts.fct_claim", "marts.fct_claims"),
                                                  ("fct_incident", "marts.fct_incidents"),
                                                  ("mart.dim_actor", "marts.dim_actors")])
def test_unknown_table_lists_the_marts_and_the_closest_name(sample_warehouse: Path, typo: str,
                                                            suggestion: str) -> None:
    code, output = marsad_query(sample_warehouse, f"select * from {typo}")
    assert code == 1
    assert f"unknown table: {typo}" in output
    assert f"did you mean {suggestion}?" in output
    assert "marts: " in output and "marts.bridge_claim_actors" in output and "marts.mart_source_coverage" in output


def test_a_locked_warehouse_names_the_holder_and_the_fix(sample_warehouse: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.duckdb"
    shutil.copy(sample_warehouse, locked)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(120)", str(locked)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        code, output = marsad_query(locked, "select count(*) from marts.fct_claims")
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    assert "warehouse is locked" in output and f"PID {holder.pid}" in output
    assert "read-only" in output
