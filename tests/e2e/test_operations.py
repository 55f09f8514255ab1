"""Refreshes analysts can rely on: atomic publish, incremental work, concurrency, faults, bad input.

Real components only: `marsad refresh` subprocesses killed with SIGKILL, Dagster runs in-process
and with the multiprocess executor on a real instance, real DuckDB files read by a second
process while a refresh publishes.  Every refresh here builds from a small landing directory:
the bad-input corpus plus a few sample articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, execute_job
from dagster._core.definitions.reconstruct import ReconstructableRepository
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.publish import Layout, publications
from orchestration.refresh import check_results, run_refresh
from orchestration.resources import Warehouse
from orchestration.settings import REPO_ROOT, SAMPLE_LANDING, WRITER_TAG
from orchestration.status import read_attempts

pytestmark = pytest.mark.e2e

CORPUS = REPO_ROOT / "tests" / "fixtures" / "bad_inputs"
EXPECTED = CORPUS.with_name("bad_inputs.expected.json")
MARSAD = Path(sys.executable).with_name("marsad")
SAMPLE_TXT = sorted(SAMPLE_LANDING.glob("*.txt"))
KILL_POINTS = ("ingest.before_commit", "extract.before_commit", "dbt.model_built")


def _add_sample(landing: Path, files: list[Path]) -> None:
    for f in files:
        shutil.copy(f, landing / f.name)
        side = f.with_name(f.stem + ".meta.json")
        if side.exists():
            shutil.copy(side, landing / side.name)


def _succeeded(result) -> None:
    failed = [c for c in check_results(result) if not c[2]]
    errors = [ev.event_specific_data.error.message[:300] for ev in result.all_events
              if ev.event_type_value == "STEP_FAILURE"]
    assert result.success, f"refresh failed: checks {failed}, steps {errors}"


def _metadata(result, key: AssetKey) -> dict:
    [mat] = [ev.event_specific_data.materialization for ev in result.all_events
             if ev.event_type_value == "ASSET_MATERIALIZATION" and ev.asset_key == key]
    return {k: getattr(v, "value", v) for k, v in mat.metadata.items()}


def _digest(db: Path) -> dict[str, tuple[int, str]]:
    """(rows, hash of the sorted rows) per table, ignoring timestamps and per-run bookkeeping."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols: dict[str, list[str]] = {}
        for schema, table, column, dtype in con.execute("""
                select c.table_schema, c.table_name, c.column_name, c.data_type
                from information_schema.columns c join information_schema.tables t
                  on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema in ('raw', 'ref', 'extract', 'marts') and t.table_type = 'BASE TABLE'
                  and not (c.table_schema = 'raw' and c.table_name = 'ingest_runs')
                order by c.table_schema, c.table_name, c.ordinal_position""").fetchall():
            if not dtype.startswith("TIMESTAMP"):
                cols.setdefault(f"{schema}.{table}", []).append(f'"{column}"')
        out = {}
        for table, columns in cols.items():
            out[table] = con.execute(
                f"select count(*), md5(coalesce(string_agg(r, chr(10) order by r), '')) from "
                f"(select cast(row({', '.join(columns)}) as varchar) as r from {table})").fetchone()
        return out
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    """The bad-input corpus and three sample articles."""
    root = tmp_path_factory.mktemp("ops") / "landing"
    shutil.copytree(CORPUS, root, symlinks=True)
    _add_sample(root, SAMPLE_TXT[:3])
    return root


@pytest.fixture(scope="module")
def reference(landing: Path) -> Path:
    """An uninterrupted refresh of ``landing``: what every interrupted one must end up equal to."""
    db = landing.parent / "reference" / "warehouse.duckdb"
    result = run_refresh(landing, db)
    _succeeded(result)
    return db


def test_bad_inputs_do_not_stop_the_refresh_and_each_gets_its_outcome(landing: Path, reference: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    con = duckdb.connect(str(reference), read_only=True)
    try:
        log = {Path(uri).name: (status, article_id) for uri, status, article_id in con.execute(
            "select source_uri, status, article_id from raw.ingest_log").fetchall()}
        quarantine = {Path(uri).name: (reason, detail) for uri, reason, detail in con.execute(
            "select source_uri, reason, detail from raw.quarantine").fetchall()}
        marts = con.execute("select count(*) from marts.dim_articles").fetchone()[0]
        articles = con.execute("select count(*) from raw.articles").fetchone()[0]
    finally:
        con.close()
    checked = 0
    for e in expected:
        if not e["committed"]:
            continue
        entries = ([(f"{e['path']}#{n}", x) for n, x in e["lines"].items()] if e["outcome"] == "lines"
                   else [(e["path"], e)])
        for name, exp in entries:
            status, _aid = log[name]
            if exp["outcome"] == "quarantined":
                assert status == "quarantined" and quarantine[name][0] == exp["reason"], (name, quarantine.get(name))
            else:  # the same text in another file makes it a duplicate: stored once
                assert status in ("ingested", "duplicate"), (name, status)
            checked += 1
    assert checked >= 25 and marts == articles > 3
    pub = publications(reference)[0]
    assert pub["publication_id"] == 1 and pub["articles"] == articles
    docs = Path(pub["data_docs"])  # GX Data Docs: one page per validation and an index
    assert "raw_articles.html" in docs.read_text(encoding="utf-8") and (docs.parent / "raw_articles.html").is_file()


def _refresh_process(landing: Path, warehouse: Path, point: str, marker: Path) -> subprocess.Popen:
    env = {**os.environ, "MARSAD_FAILPOINT": point, "MARSAD_FAILPOINT_MARKER": str(marker)}
    return subprocess.Popen([str(MARSAD), "refresh", "--landing", str(landing), "--warehouse", str(warehouse)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_kill_9_in_ingestion_extraction_and_dbt_then_rerun_equals_an_uninterrupted_run(
        landing: Path, reference: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    for point in KILL_POINTS:
        marker = tmp_path / f"{point}.reached"
        proc = _refresh_process(landing, warehouse, point, marker)
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert proc.poll() is None, f"refresh exited before reaching {point}"
            assert time.monotonic() < deadline, f"refresh never reached {point}"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)  # the refresh and its dbt subprocess
        proc.wait()
        for _ in range(50):
            if not _group_alive(proc.pid):
                break
            time.sleep(0.1)
        assert not _group_alive(proc.pid), f"processes survived kill -9 at {point}"
        assert not warehouse.exists(), f"a half-built warehouse was published after kill -9 at {point}"
    result = run_refresh(landing, warehouse)
    _succeeded(result)
    assert _digest(warehouse) == _digest(reference)  # no duplicate, no lost article, same marts
    assert [c for c in check_results(result) if c[1] == "reconcile_landing"] == [
        ("raw/ingest_log", "reconcile_landing", True)]


STATE = ("select (select max(publication_id) from ops.publications), (select count(*) from marts.dim_articles), "
         "(select count(*) from raw.articles), (select count(*) from extract.article_meta), "
         "(select count(*) from marts.fct_actor_mentions)")

# Two analysts, each its own process (DuckDB shares one database instance per file within a process):
# "hold" keeps one session open across the refresh; "loop" opens a new read-only connection per query.
READER = """
import duckdb, json, sys, time
from pathlib import Path
mode, db, out, stop, q = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
with out.open("w") as f:
    if mode == "hold":
        held = duckdb.connect(db, read_only=True)
        f.write(json.dumps({"held_before": held.execute(q).fetchone()}) + "\\n")
        f.flush()
        while not stop.exists():
            time.sleep(0.05)
        f.write(json.dumps({"held_after": held.execute(q).fetchone()}) + "\\n")
    while mode == "loop" and not stop.exists():
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                f.write(json.dumps({"state": con.execute(q).fetchone()}) + "\\n")
            finally:
                con.close()
        except Exception as e:
            f.write(json.dumps({"error": f"{type(e).__name__}: {e}"}) + "\\n")
        f.flush()
        time.sleep(0.1)
"""


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_incremental_refresh_publishes_atomically_under_a_concurrent_reader(reference: Path, landing: Path,
                                                                            tmp_path: Path) -> None:
    warehouse = tmp_path / "analysts.duckdb"  # a copy under another name: the views carry no catalog
    shutil.copy(reference, warehouse)
    grown = tmp_path / "landing"
    shutil.copytree(landing, grown, symlinks=True)
    new = SAMPLE_TXT[3:13]
    _add_sample(grown, new)
    stop = tmp_path / "stop"
    outs = {mode: tmp_path / f"{mode}.jsonl" for mode in ("hold", "loop")}
    readers = [subprocess.Popen([sys.executable, "-c", READER, mode, str(warehouse), str(out), str(stop), STATE])
               for mode, out in outs.items()]
    try:
        while not all(_lines(out) for out in outs.values()):
            time.sleep(0.05)
        result = run_refresh(grown, warehouse)
        time.sleep(1)
    finally:
        stop.touch()
        for r in readers:
            r.wait(timeout=60)
    _succeeded(result)
    meta = _metadata(result, AssetKey(["extract", "article_meta"]))
    assert meta["articles_extracted_this_run"] == len(new) == meta["new_articles"] == 10

    loop, hold = _lines(outs["loop"]), _lines(outs["hold"])
    errors = [x["error"] for x in loop if "error" in x]
    assert not errors, errors[:3]  # never a lock error, never a missing table
    states = [tuple(x["state"]) for x in loop]
    old = tuple(hold[0]["held_before"])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        new_state = tuple(con.execute(STATE).fetchone())
        old_ids = con.execute("select article_id, extracted_at from extract.article_meta").fetchall()
    finally:
        con.close()
    assert old[0] == 1 and new_state[0] == 2 and new_state[1] == old[1] + 10
    assert set(states) == {old, new_state}  # before, then after: never anything in between
    assert states == sorted(states) and len(states) > 20  # and never back
    assert tuple(hold[1]["held_after"]) == old  # the open session kept reading the previous version
    ref = duckdb.connect(str(reference), read_only=True)
    try:
        before = dict(ref.execute("select article_id, extracted_at from extract.article_meta").fetchall())
    finally:
        ref.close()
    assert all(dict(old_ids)[a] == t for a, t in before.items())  # old articles were not re-extracted


def test_a_failed_check_keeps_the_previous_version_published_and_says_why(reference: Path, landing: Path,
                                                                          tmp_path: Path) -> None:
    warehouse = tmp_path / "marsad-copy.duckdb"
    shutil.copy(reference, warehouse)
    # a row no ingestion would write: Latin text in the Arabic warehouse (written into the published file
    # itself, outside any run, so the next refresh's copy of it fails the raw checks)
    with Warehouse(path=str(warehouse)).connect() as con:
        con.execute("insert into raw.articles values ('0123456789abcdef', 'planted', null, null, null, null, ?, ?, "
                    "'utf-8', ?)", ["x" * 300, 300, dt.datetime.now()])
    before = _sha(warehouse)
    result = run_refresh(landing, warehouse)
    assert not result.success
    assert _sha(warehouse) == before  # the previous version is still the published one, byte for byte
    [attempt] = read_attempts(Layout.of(warehouse))
    assert attempt["outcome"] == "failed"
    assert any(c["check"] == "gx_raw_articles" and "0123456789abcdef" in (c["why"] or "")
               for c in attempt["failed_checks"]), attempt
    status = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse)])
    assert status.exit_code == 0, status.output
    assert "FAILED" in status.output and "gx_raw_articles" in status.output and "publication #1" in status.output


def test_a_backfill_reextracts_a_date_range_and_a_version_change_what_it_made_outdated(reference: Path,
                                                                                       tmp_path: Path,
                                                                                       monkeypatch) -> None:
    from dagster import RunRequest, SkipReason, build_sensor_context

    from orchestration.definitions import build_definitions
    from orchestration.jobs import current_extractor_version, extractor_version_sensor

    warehouse = tmp_path / "w.duckdb"
    shutil.copy(reference, warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        dated = con.execute("""
            select a.article_id, coalesce(a.meta_published_date, m.published_date) as d
            from raw.articles a join extract.article_meta m using (article_id) where d is not null order by d
            """).fetchall()
        undated = [r[0] for r in con.execute("select article_id from extract.article_meta order by article_id"
                                             ).fetchall() if r[0] not in {a for a, _ in dated}]
        day = dated[0][1]
        in_range = [a for a, d in dated if d == day]
        outdated = [a for a in undated + [a for a, _ in dated] if a not in in_range][:2]
        con.execute("update extract.article_meta set extractor_version = '0.0.0+old' "
                    "where list_contains(?, article_id)", [outdated])
    finally:
        con.close()
    # the sensor sees published extractions made by another version and asks for a backfill run
    monkeypatch.setenv("MARSAD_WAREHOUSE", str(warehouse))
    request = extractor_version_sensor(build_sensor_context())
    assert isinstance(request, RunRequest) and request.tags["marsad/backfill"] == "extractor_version"
    assert request.tags["marsad/outdated_articles"] == str(len(outdated))
    assert isinstance(extractor_version_sensor(build_sensor_context(cursor=current_extractor_version())), SkipReason)

    job = build_definitions(warehouse=warehouse).resolve_job_def("backfill_extraction")
    assert job.tags["marsad/backfill"] == "true"
    from extractors.model import EXTRACT_TABLES

    extract = [AssetKey(["extract", t]) for t in EXTRACT_TABLES]
    result = job.execute_in_process(
        raise_on_error=False, asset_selection=extract,
        run_config={"ops": {"extract_articles": {"config": {"published_from": str(day), "published_to": str(day)}}}})
    assert result.success
    meta = _metadata(result, AssetKey(["extract", "article_meta"]))
    assert (meta["new_articles"], meta["reextracted_version_change"], meta["reextracted_backfill"]) == (
        0, len(outdated), len(in_range))


def test_the_multiprocess_executor_queues_warehouse_steps_in_the_pool(landing: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("MARSAD_LANDING", str(landing))
    monkeypatch.setenv("MARSAD_WAREHOUSE", str(warehouse))
    job = ReconstructableRepository.for_module("orchestration.definitions", "defs", working_directory=str(REPO_ROOT)
                                               ).get_reconstructable_job("refresh_warehouse")
    with DagsterInstance.get() as instance:
        queue = instance.get_concurrency_config().run_queue_config
        assert {"key": "marsad/warehouse", "value": "writer", "limit": 1} in queue.tag_concurrency_limits
        multiprocess = {"execution": {"config": {"multiprocess": {"max_concurrent": 4}}}}
        result = execute_job(job, instance, run_config=multiprocess,
                             op_selection=["ingest_landing", "load_dictionaries"])  # two independent writers
        assert result.success
        assert instance.get_run_by_id(result.run_id).tags["marsad/warehouse"] == WRITER_TAG["marsad/warehouse"]
        logs = instance.all_logs(result.run_id)
    spans: dict[str, list[float]] = {}
    blocked = False
    for rec in logs:
        ev = rec.dagster_event
        if ev is None:
            continue
        if ev.event_type_value in ("STEP_START", "STEP_SUCCESS"):
            spans.setdefault(ev.step_key, []).append(rec.timestamp)
        blocked |= "blocked by limit for pool marsad_warehouse" in (ev.message or "")
    assert blocked  # the second writer waited for the pool slot instead of hitting DuckDB's lock
    (a0, a1), (b0, b1) = spans["ingest_landing"], spans["load_dictionaries"]
    assert a1 <= b0 or b1 <= a0
    [build] = list(Layout.of(warehouse).builds.glob("*/w.duckdb"))
    con = duckdb.connect(str(build), read_only=True)
    try:
        assert con.execute("select (select count(*) from raw.articles) > 0 and (select count(*) from ref.actors) > 0"
                           ).fetchone()[0]
    finally:
        con.close()
