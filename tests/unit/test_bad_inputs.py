"""The bad-input corpus (scripts/make_bad_inputs.py): every kind gets its defined outcome.

Real files on disk, read by the real reader: the committed corpus, the kinds generated at test
time (20 MB, symlink loops, FIFO, no permission), a file deleted while the reader walks the
directory, and 100,000 tiny files ingested by the real Dagster asset into a real DuckDB file.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.ingestion import ArticleRecord, Quarantined, article_id_for, read_landing
from orchestration.settings import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "make_bad_inputs.py"
CORPUS = REPO_ROOT / "tests" / "fixtures" / "bad_inputs"


def _script():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    return _script()


@pytest.fixture(scope="module")
def expected(corpus) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads(corpus.manifest_path(CORPUS).read_text(encoding="utf-8"))}


def _check(unit: ArticleRecord | Quarantined, exp: dict) -> None:
    """``unit`` has the outcome ``exp`` (one manifest entry, or one JSONL line of it) defines."""
    name = Path(unit.source_uri).name
    if exp["outcome"] == "quarantined":
        assert isinstance(unit, Quarantined), f"{name} should be quarantined, was ingested"
        assert unit.reason == exp["reason"], (name, unit.reason, unit.detail)
        assert exp["detail"] in unit.detail, (name, unit.detail)
        return
    assert isinstance(unit, ArticleRecord), f"{name} should be ingested: {getattr(unit, 'detail', '')}"
    if "encoding" in exp:
        assert unit.encoding == exp["encoding"], name
    if "plain_text" in exp:
        assert unit.article_id == article_id_for(exp["plain_text"]), f"{name}: not the same article as its plain form"
    if "text_includes" in exp:
        assert exp["text_includes"] in unit.text, name
    for word in exp.get("text_excludes", []):
        assert word not in unit.text, (name, word)
    if "date" in exp:
        assert str(unit.meta_published_date) == str(exp["date"]) if exp["date"] else unit.meta_published_date is None
    if "note" in exp:
        assert any(exp["note"] in n for n in unit.notes), (name, unit.notes)


def test_committed_corpus_is_what_the_script_generates(corpus) -> None:
    assert corpus.differs(CORPUS) == []


def test_at_least_25_kinds_each_with_a_defined_outcome(expected) -> None:
    assert len(expected) >= 25
    for path, e in expected.items():
        assert e["outcome"] in ("ingested", "duplicate", "quarantined", "lines"), path
        if e["outcome"] == "quarantined":
            assert e["reason"] and e["detail"], path


def test_every_kind_gets_its_outcome_and_none_stops_the_reader(tmp_path: Path, corpus, expected) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(CORPUS, landing, symlinks=True)
    corpus.write_runtime(landing)
    vanishing = landing / corpus.VANISHING[0]
    vanishing.write_text(corpus.BASE["najaf"], encoding="utf-8")

    units: dict[str, ArticleRecord | Quarantined] = {}
    for unit in read_landing(landing):
        units[unit.source_uri.removeprefix(str(landing) + "/")] = unit
        if len(units) == 1:
            vanishing.unlink()  # listed by the walk, gone before it is read
    root_uid = os.geteuid() == 0
    for path, exp in expected.items():
        if path == "tiny/*" or (path == "r4_no_permission.txt" and root_uid):
            continue  # below: 100k files; root reads anything (tested with capabilities dropped)
        if exp["outcome"] == "lines":
            for n, line_exp in exp["lines"].items():
                _check(units[f"{path}#{n}"], line_exp)
        elif exp["outcome"] == "duplicate":
            assert units[path].article_id == units[exp["duplicate_of"]].article_id
        else:
            _check(units[path], exp)
    # nothing silently dropped: every unit is in the manifest (sidecars are not units)
    listed = {p for p, e in expected.items()} | {f"{p}#{n}" for p, e in expected.items() for n in e.get("lines", {})}
    assert set(units) - listed == set()


def test_a_file_without_read_permission_is_quarantined(tmp_path: Path, corpus, expected) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    name, _kind, maker, _exp = next(c for c in corpus.runtime_cases() if c[0] == "r4_no_permission.txt")
    maker(landing / name)
    code = ("import json, sys; from pathlib import Path; from orchestration.ingestion import read_landing; "
            "print(json.dumps([[u.source_uri, getattr(u, 'reason', 'ingested'), getattr(u, 'detail', '')] "
            "for u in read_landing(Path(sys.argv[1]))]))")
    cmd = [sys.executable, "-c", code, str(landing)]
    if os.geteuid() == 0:  # root reads anything: drop the capabilities that bypass file permissions
        caps = "-dac_override,-dac_read_search"
        cmd = [shutil.which("setpriv") or "setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    [(uri, reason, detail)] = json.loads(proc.stdout)
    exp = expected[name]
    assert (Path(uri).name, reason) == (name, exp["reason"]) and exp["detail"] in detail


def test_100000_tiny_files_are_all_quarantined_by_a_real_ingestion_run(tmp_path: Path, corpus) -> None:
    from dagster import AssetKey

    from orchestration.manifest import ensure_manifest

    ensure_manifest()
    from orchestration.definitions import build_definitions

    landing = tmp_path / "landing"
    corpus.write_tiny(landing, 100_000)
    warehouse = tmp_path / "w.duckdb"
    defs = build_definitions(landing=landing, warehouse=warehouse)
    job = defs.resolve_job_def("refresh_warehouse")
    t0 = time.perf_counter()
    result = job.execute_in_process(
        raise_on_error=False,
        asset_selection=[AssetKey(["raw", t]) for t in ("articles", "quarantine", "ingest_log")])
    seconds = time.perf_counter() - t0
    checks = {ev.event_specific_data.check_name: ev.event_specific_data.passed for ev in result.all_events
              if ev.event_type_value == "ASSET_CHECK_EVALUATION"}
    assert result.success and checks["reconcile_landing"] and checks["gx_raw_quarantine"], checks
    [build] = list((tmp_path / ".w.duckdb.marsad" / "builds").glob("*/w.duckdb"))
    con = duckdb.connect(str(build), read_only=True)
    try:
        reasons = con.execute("select reason, count(*) from raw.quarantine group by 1").fetchall()
        n_log = con.execute("select count(*) from raw.ingest_log").fetchone()[0]
    finally:
        con.close()
    assert reasons == [("too_short", 100_000)] and n_log == 100_000
    assert seconds < 120, f"ingesting 100,000 tiny files took {seconds:.0f}s"
    shutil.rmtree(landing)  # do not leave 100,000 files behind in pytest's temporary directories
