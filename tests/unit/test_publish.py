"""Build-then-swap publishing (orchestration/publish.py) on real DuckDB files and real SIGKILLs."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.locks import HeldLock
from orchestration.publish import Layout, PublishError, ensure_build, prune_builds, publications, publish
from orchestration.settings import REPO_ROOT

PUB = {"job_name": "test", "checks_passed": 1, "checks_warned": 0, "extractor_version": "x",
       "dictionary_version": "y", "data_docs": None}


def _build_with_rows(layout: Layout, owner: str, n: int) -> Path:
    build = ensure_build(layout, owner)
    con = duckdb.connect(str(build))
    try:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.t as select range as v from range(?)", [n])
        con.execute("create or replace view marts.v as select count(*) as n from marts.t")  # no catalog in it
    finally:
        con.close()
    return build


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select (select n from marts.v), (select max(publication_id) from ops.publications)"
                           ).fetchone()
    finally:
        con.close()


@pytest.fixture
def published(tmp_path: Path) -> Layout:
    layout = Layout.of(tmp_path / "warehouse.duckdb")
    _build_with_rows(layout, "run-1", 1)
    publish(layout, "run-1", run_id="run-1", **PUB)
    return layout


def test_an_open_reader_keeps_the_previous_version_and_new_readers_see_the_new_one(published: Layout) -> None:
    reader = duckdb.connect(str(published.published), read_only=True)
    try:
        assert reader.execute("select n from marts.v").fetchone()[0] == 1
        _build_with_rows(published, "run-2", 3)
        record = publish(published, "run-2", run_id="run-2", **PUB)
        assert record["publication_id"] == 2 and record["previous_publication_id"] == 1
        assert reader.execute("select n from marts.v").fetchone()[0] == 1  # the old inode, unharmed
    finally:
        reader.close()
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('select n from marts.v').fetchone()[0])")
    fresh = subprocess.run([sys.executable, "-c", code, str(published.published)], capture_output=True, text=True,
                           check=True)
    assert fresh.stdout.strip() == "3"
    assert not published.build_dir("run-2").exists()  # the build became the published file


def test_a_renamed_copy_of_the_published_file_still_works(published: Layout, tmp_path: Path) -> None:
    copy = tmp_path / "marsad-2025-01.duckdb"  # another catalog name than "warehouse"
    copy.write_bytes(published.published.read_bytes())
    assert _rows(copy) == (1, 1)


def test_a_build_that_lost_the_race_is_not_published(published: Layout) -> None:
    _build_with_rows(published, "run-a", 5)
    _build_with_rows(published, "run-b", 7)
    publish(published, "run-a", run_id="run-a", **PUB)
    before = _sha(published.published)
    with pytest.raises(PublishError, match="superseded"):
        publish(published, "run-b", run_id="run-b", **PUB)
    assert _sha(published.published) == before and _rows(published.published) == (5, 2)


def test_the_same_root_run_reuses_its_build(published: Layout) -> None:
    build = _build_with_rows(published, "run-2", 4)
    assert ensure_build(published, "run-2") == build  # re-execution from failure continues it
    assert _rows(build)[0] == 4


@pytest.mark.parametrize("point,expect_rows,expect_pub", [("publish.before_swap", 1, 1),
                                                          ("publish.after_swap", 9, 2)])
def test_kill_9_during_publish_leaves_a_whole_version(published: Layout, tmp_path: Path, point: str,
                                                     expect_rows: int, expect_pub: int) -> None:
    _build_with_rows(published, "run-2", 9)
    marker = tmp_path / "reached"
    code = ("import sys; from orchestration.publish import Layout, publish; "
            "publish(Layout.of(sys.argv[1]), 'run-2', run_id='run-2', job_name='t', checks_passed=1, "
            "checks_warned=0, extractor_version=None, dictionary_version=None, data_docs=None)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(published.published)], cwd=REPO_ROOT,
                            env={**os.environ, "MARSAD_FAILPOINT": point, "MARSAD_FAILPOINT_MARKER": str(marker)})
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "publish never reached the failpoint"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _rows(published.published) == (expect_rows, expect_pub)
    assert not published.published.with_name(published.published.name + ".wal").exists()
    # the next run starts cleanly from whatever is published
    _build_with_rows(published, "run-3", 2)
    assert publish(published, "run-3", run_id="run-3", **PUB)["publication_id"] == expect_pub + 1
    assert [p["publication_id"] for p in publications(published.published)][:2] == [expect_pub + 1, expect_pub]


def test_old_idle_builds_are_pruned_but_busy_and_newest_ones_kept(published: Layout) -> None:
    owners = ["old-1", "old-2", "busy", "newest"]
    for owner in owners:
        ensure_build(published, owner)
    for i, owner in enumerate(owners):
        age = time.time() - 3600 * (10 - i)
        for p in [published.build_dir(owner), *published.build_dir(owner).iterdir()]:
            os.utime(p, (age, age))
    lock = HeldLock(published.busy_lock("busy"))
    try:
        removed = prune_builds(published, keep="current")
    finally:
        lock.release()
    assert sorted(p.name for p in removed) == ["old-1", "old-2"]
    assert published.build_dir("busy").exists() and published.build_dir("newest").exists()
