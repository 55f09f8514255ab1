"""The ducklake target, for real: a PostgreSQL server, refreshes, concurrent writers and readers.

A throwaway PostgreSQL server (Debian's ``postgresql`` package: ``initdb`` + ``pg_ctl``) on a free
loopback port holds the DuckLake catalog and Dagster's own storage (deploy/dagster-postgres.yaml);
the lake's Parquet files go to a temporary directory.  Then:

* two refreshes of disjoint landing folders (sharing one article under two file names) run at
  once, as two machines would: one in this process through a Dagster instance on PostgreSQL, one
  as a ``marsad refresh`` subprocess; both start from the same (empty) snapshot, so the second to
  publish is superseded and rebuilds from the first one's snapshot;
* two reader processes query the lake in a loop meanwhile (tests/e2e/lake_reader.py);
* afterwards: no reader error, readers only ever saw whole snapshots, every file of both folders
  is in the lake once, a fresh read-only ATTACH from another process reads the marts, dbt's
  ``ducklake`` output reads them too, and the Dagster runs are in PostgreSQL.

Plus two quick ones: two publishers committing at the same instant (DuckLake's commit conflict),
and the same publish path on a DuckDB-file catalog (no server needed).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.lake import Lake
from orchestration.publish import BuildSuperseded, Layout, ensure_build, publish
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, SAMPLE_LANDING
from orchestration.status import read_attempts

pytestmark = pytest.mark.e2e

MARSAD = Path(sys.executable).with_name("marsad")
DBT = Path(sys.executable).with_name("dbt")
READER = Path(__file__).with_name("lake_reader.py")
PUB = {"job_name": "test", "checks_passed": 1, "checks_warned": 0, "extractor_version": "x",
       "dictionary_version": "y", "data_docs": None}
# Two disjoint subsets of the sample corpus, and one article both receive (under different names).
LANDING_A = ["001_baghdad_airport_katyusha.txt", "002_victoria_base_katyusha.txt", "003_balad_airbase_rockets.txt"]
LANDING_B = ["005_ain_al_asad_seven_rockets.txt", "007_ain_al_asad_afp.txt", "008_green_zone_katyusha_claim.txt"]
SHARED = "010_green_zone_unami_condemnation.txt"


# ---------------------------------------------------------------------------------------------- PostgreSQL
def _pg_program(name: str) -> str | None:
    """A PostgreSQL server program on PATH, else in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return str(versions[-1]) if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    """A running throwaway server: trust authentication on 127.0.0.1, user ``marsad``."""

    port: int
    user: str = "marsad"
    host: str = "127.0.0.1"

    def create_database(self, name: str) -> str:
        import psycopg2

        con = psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname="postgres")
        try:
            con.autocommit = True
            con.cursor().execute(f'create database "{name}"')
        finally:
            con.close()
        return name

    def conninfo(self, dbname: str) -> str:
        return f"dbname={dbname} host={self.host} port={self.port} user={self.user}"


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    """initdb + pg_ctl start in a temporary directory; stopped and deleted at teardown.

    PostgreSQL refuses to run as root, so under root (CI) the server runs as ``nobody``, in a
    directory under /tmp (pytest's own temporary directories are private to root).
    """
    initdb, pg_ctl = _pg_program("initdb"), _pg_program("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl) not found on PATH or in "
                    "/usr/lib/postgresql/*/bin; install Debian's `postgresql` package (.ci/run does)")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
    data = root / "data"
    subprocess.run([*as_user, initdb, "-D", str(data), "-U", "marsad", "--auth=trust", "-E", "UTF8",
                    "--no-locale", "--no-sync"], check=True, capture_output=True, text=True)
    server = None
    for _ in range(5):  # the free port may be taken between choosing it and the server binding it
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        started = subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(root / "server.log"), "-w",
                                  "-t", "60", "-o", options, "start"], capture_output=True, text=True)
        if started.returncode == 0:
            server = Postgres(port)
            break
    log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
    assert server is not None, f"PostgreSQL did not start: {started.stderr}\n{log[-2000:]}"
    try:
        yield server
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _lake_env(lake: Lake) -> dict[str, str]:
    return {"MARSAD_TARGET": "ducklake", "MARSAD_DUCKLAKE_CATALOG": lake.catalog, "MARSAD_DUCKLAKE_DATA": lake.data}


# ---------------------------------------------------------------------------------------------- builds by hand
def _add_articles(build: Path, ids: list[str]) -> None:
    """Articles written straight into a build (for the publish-level tests: no extraction, no dbt)."""
    con = duckdb.connect(str(build))
    try:
        for article_id in ids:
            con.execute("insert into raw.articles (article_id, source_uri, text, char_count, encoding, ingested_at) "
                        "values (?, ?, 'نص', 2, 'utf-8', now())", [article_id, f"/landing/{article_id}.txt"])
    finally:
        con.close()


def _lake_articles(lake: Lake, at: int | None = None) -> list[str]:
    with lake.connect() as con:
        version = f" at (version => {at})" if at is not None else ""
        return [r[0] for r in con.execute(f"select article_id from raw.articles{version} order by 1").fetchall()]


def test_a_duckdb_catalog_lake_seeds_builds_publishes_and_refuses_a_stale_build(tmp_path: Path) -> None:
    """One machine, no server: the same code on a DuckDB-file catalog (docs/scaling.md, step 2)."""
    lake = Lake(str(tmp_path / "lake.ducklake"), str(tmp_path / "lake-files"))
    machine = Layout.of(tmp_path / "scratch" / "warehouse.duckdb", lake)
    _add_articles(ensure_build(machine, "run-1"), ["a1", "a2"])
    first = publish(machine, "run-1", run_id="run-1", **PUB)
    assert first["publication_id"] == 1 and first["articles"] == 2
    assert not machine.build_dir("run-1").exists()
    assert not machine.published.exists()  # nothing is written at --warehouse: it only anchors the scratch

    # two builds start from publication #1; the first to publish wins, the other is refused whole
    _add_articles(ensure_build(machine, "run-2"), ["b1"])
    _add_articles(ensure_build(machine, "run-3"), ["c1"])
    second = publish(machine, "run-2", run_id="run-2", **PUB)
    assert (second["publication_id"], second["previous_publication_id"]) == (2, 1)
    with pytest.raises(BuildSuperseded, match="superseded"):
        publish(machine, "run-3", run_id="run-3", **PUB)
    assert not machine.build_dir("run-3").exists()  # a retry of that run re-seeds instead of reusing it
    assert _lake_articles(lake) == ["a1", "a2", "b1"]
    assert _lake_articles(lake, at=first["lake_snapshot"]) == ["a1", "a2"]  # time travel to publication #1

    # the next build starts from the lake, with the build's primary keys (the assets rely on them)
    build = ensure_build(machine, "run-4")
    con = duckdb.connect(str(build), read_only=True)
    try:
        assert con.execute("select count(*) from raw.articles").fetchone()[0] == 3
        assert con.execute("select max(publication_id) from ops.publications").fetchone()[0] == 2
        assert con.execute("select count(*) from duckdb_constraints() where table_name = 'articles' "
                           "and constraint_type = 'PRIMARY KEY'").fetchone()[0] == 1
    finally:
        con.close()
    assert [p["run_id"] for p in lake.publications()] == ["run-2", "run-1"]


def test_two_publishers_committing_at_the_same_instant(postgres: Postgres, tmp_path: Path) -> None:
    """Both pass the "still the newest publication?" check, then commit together: DuckLake fails one
    commit with a conflict, its retry sees the other's publication, and it is superseded."""
    lake = Lake("postgres:" + postgres.conninfo(postgres.create_database("race")), str(tmp_path / "files"))
    seed = Layout.of(tmp_path / "seed" / "warehouse.duckdb", lake)
    _add_articles(ensure_build(seed, "run-0"), ["base"])
    publish(seed, "run-0", run_id="run-0", **PUB)

    machines = {name: Layout.of(tmp_path / name / "warehouse.duckdb", lake) for name in ("a", "b")}
    builds = {}
    for name, layout in machines.items():
        builds[name] = ensure_build(layout, f"run-{name}")
        _add_articles(builds[name], [f"from-{name}"])
        con = duckdb.connect(str(builds[name]))  # what publish() records before it calls Lake.publish
        try:
            con.execute("insert into ops.publications (publication_id, published_at, run_id, articles, quarantined, "
                        "checks_passed, checks_warned, table_counts) values (2, now(), ?, 2, 0, 1, 0, '{}')",
                        [f"run-{name}"])
        finally:
            con.close()
    barrier = threading.Barrier(2, timeout=60)
    outcome: dict[str, object] = {}

    def publisher(name: str) -> None:
        waited = []

        def both_inside_their_transaction() -> None:
            if not waited:  # only the first attempt waits; a retry must not
                waited.append(True)
                barrier.wait()

        try:
            outcome[name] = lake.publish(builds[name], base_publication_id=1, publication_id=2, run_id=f"run-{name}",
                                         before_commit=both_inside_their_transaction)
        except Exception as e:  # noqa: BLE001 - recorded for the assertions below
            outcome[name] = e

    threads = [threading.Thread(target=publisher, args=(n,)) for n in machines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    winners = [n for n, o in outcome.items() if isinstance(o, int)]
    losers = [n for n, o in outcome.items() if isinstance(o, BuildSuperseded)]
    assert len(winners) == 1 and len(losers) == 1, outcome
    assert "commit conflict" in str(outcome[losers[0]])  # refused at COMMIT, not by the check before it
    assert _lake_articles(lake) == sorted(["base", f"from-{winners[0]}"])
    with lake.connect() as con:
        tags = [json.loads(r[0]) for r in con.execute(
            "select commit_extra_info from snapshots() where commit_extra_info is not null order by snapshot_id"
        ).fetchall()]
    assert [t["run_id"] for t in tags] == ["run-0", f"run-{winners[0]}"]


# ---------------------------------------------------------------------------------------------- the scenario
@dataclass
class TwoWriters:
    lake: Lake
    env: dict[str, str]
    landings: dict[str, Path]
    layouts: dict[str, Layout]
    result_a: object
    writer_b: subprocess.CompletedProcess
    observations: list[list[dict]]
    reader_errors: list[str]
    dagster_db: str
    dagster_runs: list
    postgres: Postgres
    seconds: float


def _landing(root: Path, files: list[str], shared_as: str) -> Path:
    root.mkdir(parents=True)
    for name in files:
        src = SAMPLE_LANDING / name
        shutil.copy(src, root / name)
        side = src.with_name(src.stem + ".meta.json")
        if side.exists():
            shutil.copy(side, root / side.name)
    shutil.copy(SAMPLE_LANDING / SHARED, root / shared_as)
    return root


@pytest.fixture(scope="module")
def two_writers(postgres: Postgres, tmp_path_factory) -> Iterator[TwoWriters]:
    from dagster import DagsterInstance

    from orchestration.refresh import run_refresh

    root = tmp_path_factory.mktemp("ducklake")
    lake = Lake("postgres:" + postgres.conninfo(postgres.create_database("marsad_lake")), str(root / "lake-data"))
    env = _lake_env(lake)
    dagster_db = postgres.create_database("marsad_dagster")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "dagster-postgres.yaml", home / "dagster.yaml")
    dagster_env = {"DAGSTER_PG_HOST": postgres.host, "DAGSTER_PG_PORT": str(postgres.port),
                   "DAGSTER_PG_USER": postgres.user, "DAGSTER_PG_PASSWORD": "", "DAGSTER_PG_DB": dagster_db}
    landings = {"a": _landing(root / "landing-a", LANDING_A, SHARED),
                "b": _landing(root / "landing-b", LANDING_B, "shared_copy_of_010.txt")}
    layouts = {m: Layout.of(root / f"machine-{m}" / "warehouse.duckdb", lake) for m in landings}
    with lake.connect(read_only=False):
        pass  # create the (empty) catalog, so readers can attach before the first publication

    stop = root / "stop-readers"
    proc_env = {**os.environ, **env}
    readers = [subprocess.Popen([sys.executable, str(READER), str(root / f"reader-{i}.jsonl"), str(stop)],
                                cwd=REPO_ROOT, env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(2)]
    t0 = time.monotonic()
    writer_b = subprocess.Popen([str(MARSAD), "refresh", "--landing", str(landings["b"]),
                                 "--warehouse", str(layouts["b"].published)],
                                cwd=REPO_ROOT, env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.MonkeyPatch.context() as mp:
            for k, v in {**env, **dagster_env}.items():
                mp.setenv(k, v)
            instance = DagsterInstance.from_config(str(home))
            try:
                result_a = run_refresh(landings["a"], layouts["a"].published, instance=instance)
                dagster_runs = list(instance.get_runs())
            finally:
                instance.dispose()
        out, err = writer_b.communicate(timeout=900)
        seconds = time.monotonic() - t0
        b = subprocess.CompletedProcess(writer_b.args, writer_b.returncode, out, err)
        time.sleep(1.0)  # let the readers see the final snapshot a few times
    finally:
        stop.touch()
        if writer_b.poll() is None:
            writer_b.kill()
        reader_errors = []
        for r in readers:
            _, r_err = r.communicate(timeout=120)
            if r.returncode != 0:
                reader_errors.append(r_err[-2000:])
    observations = [[json.loads(line) for line in (root / f"reader-{i}.jsonl").read_text().splitlines()]
                    for i in range(2)]
    yield TwoWriters(lake, env, landings, layouts, result_a, b, observations, reader_errors, dagster_db,
                     dagster_runs, postgres, seconds)


def test_both_writers_published_and_the_one_that_lost_rebuilt_from_the_winner(two_writers: TwoWriters) -> None:
    w = two_writers
    failed = [ev.event_specific_data.error.message[:300] for ev in w.result_a.all_events
              if ev.event_type_value == "STEP_FAILURE"]
    assert w.result_a.success, failed
    assert w.writer_b.returncode == 0, w.writer_b.stdout[-3000:] + w.writer_b.stderr[-3000:]
    print(f"two concurrent refreshes (one rebuilt) took {w.seconds:.0f}s")
    pubs = w.lake.publications()
    assert [p["publication_id"] for p in pubs] == [2, 1]
    assert pubs[0]["previous_publication_id"] == 1  # the second built on the first, never beside it
    # both started from the empty lake, so exactly one was superseded and rebuilt from publication #1
    superseded = {m: [a for a in read_attempts(layout) if a.get("outcome") == "superseded"]
                  for m, layout in w.layouts.items()}
    assert sum(len(s) for s in superseded.values()) == 1, superseded
    [loser] = [m for m, s in superseded.items() if s]
    assert any(f["step"] == "warehouse__published" and "superseded" in f["error"]
               for f in superseded[loser][0]["failed_steps"])
    # every publication is one DuckLake snapshot tagged with the run that made it
    with w.lake.connect() as con:
        tags = [json.loads(r[0]) for r in con.execute(
            "select commit_extra_info from snapshots() where author = 'marsad' order by snapshot_id").fetchall()]
    assert [(t["publication_id"], t["run_id"]) for t in tags] == [(p["publication_id"], p["run_id"])
                                                                  for p in reversed(pubs)]


def test_no_article_was_lost_or_stored_twice(two_writers: TwoWriters) -> None:
    w = two_writers
    with w.lake.connect() as con:
        log = con.execute("select source_uri, status, article_id from raw.ingest_log").fetchall()
        articles = [r[0] for r in con.execute("select article_id from raw.articles").fetchall()]
        dim = con.execute("select count(*) from marts.dim_articles").fetchone()[0]
    by_file = {Path(uri).name: (Path(uri).parent.name, status, article) for uri, status, article in log}
    for machine, landing in w.landings.items():
        for f in landing.iterdir():
            if f.name.endswith(".meta.json"):
                continue
            assert f.name in by_file and by_file[f.name][0] == landing.name, f"{f} of writer {machine} was lost"
    assert len(articles) == len(set(articles)) == dim
    assert set(articles) == {a for _, status, a in by_file.values() if status in ("ingested", "duplicate")}
    # the article both writers received is stored once; the later writer logged its copy as a duplicate
    shared = [by_file[SHARED], by_file["shared_copy_of_010.txt"]]
    assert shared[0][2] == shared[1][2] and sorted(s[1] for s in shared) == ["duplicate", "ingested"]
    assert len(articles) == len(LANDING_A) + len(LANDING_B) + 1


def test_readers_never_failed_and_only_saw_whole_snapshots(two_writers: TwoWriters) -> None:
    w = two_writers
    assert not w.reader_errors, w.reader_errors
    final = len(w.lake.publications())
    for seen in w.observations:
        errors = [o["error"] for o in seen if "error" in o]
        assert not errors, errors[:5]
        published = [o for o in seen if o["publication"] is not None]
        assert len(seen) >= 10 and published, f"the reader saw too little: {seen[-3:]}"
        for o in published:  # one transaction = one snapshot: the counts of every table agree
            assert o["raw"] == o["distinct"] == o["dim_articles"] == o["publication_articles"], o
            assert o["incidents"] > 0, o
        pubs = [o["publication"] for o in published]
        assert pubs == sorted(pubs), "a reader went back to an older snapshot"
        print(f"reader: {len(seen)} observations, publications seen {sorted(set(pubs))}")
        assert seen[-1].get("final") and seen[-1]["publication"] == final


def test_another_process_reads_the_marts_through_a_read_only_attach(two_writers: TwoWriters) -> None:
    w = two_writers
    env = {**os.environ, **w.env}
    attach = subprocess.run([sys.executable, "-m", "orchestration.lake", "attach-sql"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, check=True).stdout.strip()
    assert "READ_ONLY" in attach
    code = (  # a plain DuckDB session, as an analyst's tool would open it (extensions are installed by now)
        "import duckdb, sys\n"
        "con = duckdb.connect()\n"
        "for stmt in sys.argv[1].split(';'):\n"
        "    stmt.strip() and con.execute(stmt)\n"
        "print(*con.execute('select (select count(*) from marts.fct_incidents), "
        "(select count(*) from marts.fct_claims), (select count(*) from marts.dim_actors), "
        "(select count(*) from marts.mart_incident_claims)').fetchone())\n"
        "try:\n"
        "    con.execute('create table marts.scratch as select 1')\n"
        "except duckdb.Error as e:\n"
        "    print('read-only:', type(e).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code, attach], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    counts, refused = out.stdout.strip().splitlines()
    assert all(int(n) > 0 for n in counts.split()), counts
    assert refused.startswith("read-only:")


def test_dbt_reads_the_lake_through_its_ducklake_output(two_writers: TwoWriters, tmp_path: Path) -> None:
    w = two_writers
    env = {**os.environ, **w.env}
    out = subprocess.run([str(DBT), "show", "--target", "ducklake", "--profiles-dir", ".", "--project-dir", ".",
                          "--target-path", str(tmp_path / "dbt-target"), "--log-path", str(tmp_path / "dbt-logs"),
                          "--output", "json", "--inline",
                          "select count(*) as incidents from marts.fct_incidents"],
                         cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    with w.lake.connect() as con:
        incidents = con.execute("select count(*) from marts.fct_incidents").fetchone()[0]
    assert f'"incidents": {incidents}' in out.stdout


def test_dagster_recorded_the_runs_in_postgresql(two_writers: TwoWriters) -> None:
    import psycopg2

    w = two_writers
    ours = [r for r in w.dagster_runs if r.job_name == "refresh_warehouse"]
    assert ours and ours[0].status.value == "SUCCESS"  # newest first: the run that published
    assert all(r.tags.get("marsad/warehouse") == "writer" for r in ours)
    con = psycopg2.connect(host=w.postgres.host, port=w.postgres.port, user=w.postgres.user, dbname=w.dagster_db)
    try:
        cur = con.cursor()
        cur.execute("select count(*) from runs where run_id = %s", [w.result_a.run_id])
        assert cur.fetchone()[0] == 1
        cur.execute("select count(*) from event_logs where run_id = %s "
                    "and dagster_event_type = 'ASSET_MATERIALIZATION'", [w.result_a.run_id])
        assert cur.fetchone()[0] > 10
    finally:
        con.close()
