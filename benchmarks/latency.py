#!/usr/bin/env python
"""Landing-to-published latency with `dagster dev` (webserver + daemon) running, and the run queue.

    .venv/bin/python benchmarks/latency.py [--drops 5] [--seed-articles 3]

Starts `dagster dev` on a temporary DAGSTER_HOME (a copy of deploy/dagster.yaml), landing
directory and warehouse, waits for the first publication, then drops one new article at a time
into the landing directory (written elsewhere, then renamed in) and measures how long until it
is in ``marts.dim_articles`` of the *published* warehouse, read the way an analyst reads it.
Prints each drop with where the time went (sensor → run queued → run started → run finished →
visible) and the median.  Then submits three refreshes at once through the webserver's GraphQL
API and checks that the run queue ran them one after another.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BUDGET_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _published_ids(warehouse: Path, article_id: str) -> int:
    import duckdb

    if not warehouse.exists():
        return 0
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("select count(*) from marts.dim_articles where article_id = ?", [article_id]).fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _wait(pred, timeout: float, what: str, step: float = 0.25) -> float:
    t0 = time.monotonic()
    while not pred():
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(step)
    return time.monotonic() - t0


def _runs(instance) -> list:
    from dagster import RunsFilter

    return list(instance.get_run_records(RunsFilter(job_name="refresh_warehouse")))


def _idle(instance) -> bool:
    from dagster import DagsterRunStatus, RunsFilter

    busy = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
            DagsterRunStatus.STARTED]
    return not instance.get_run_records(RunsFilter(statuses=busy))


def _article(i: int) -> str:
    from orchestration.ingestion.decode import decode_bytes

    base = decode_bytes(sorted((REPO / "sample_corpus" / "landing").glob("*.txt"))[i % 20].read_bytes()).text
    return f"{base}\nوأفاد مراسل الوكالة في التقرير رقم {uuid.uuid4().int % 10**9} بأن التحقيقات ما زالت مستمرة."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drops", type=int, default=5)
    ap.add_argument("--seed-articles", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="marsad-latency-"))
    home, landing, warehouse = tmp / "dagster_home", tmp / "landing", tmp / "warehouse.duckdb"
    home.mkdir()
    landing.mkdir()
    shutil.copy(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
    for f in sorted((REPO / "sample_corpus" / "landing").glob("*.txt"))[:args.seed_articles]:
        shutil.copy(f, landing / f.name)
    env = {**os.environ, "DAGSTER_HOME": str(home), "MARSAD_LANDING": str(landing),
           "MARSAD_WAREHOUSE": str(warehouse)}
    os.environ.update({k: env[k] for k in ("DAGSTER_HOME", "MARSAD_LANDING", "MARSAD_WAREHOUSE")})
    port = _free_port()
    log = (tmp / "dagster-dev.log").open("w")
    dev = subprocess.Popen([str(REPO / ".venv" / "bin" / "dagster"), "dev", "-m", "orchestration.definitions",
                            "-p", str(port)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)
    from dagster import DagsterInstance

    from orchestration.ingestion import article_id_for
    from orchestration.publish import publications

    try:
        print(f"dagster dev (pid {dev.pid}) on port {port}; DAGSTER_HOME={home}", flush=True)
        waited = _wait(lambda: bool(publications(warehouse, 1)), 900, "the first publication", 1)
        print(f"first publication after {waited:.0f}s (code location load + first refresh)", flush=True)
        instance = DagsterInstance.get()
        _wait(lambda: _idle(instance), 600, "the daemon to go idle", 1)
        time.sleep(3)
        rows = []
        for i in range(args.drops):
            text = _article(i)
            aid = article_id_for(text)
            staged = landing.parent / f"drop-{i}.txt"
            staged.write_text(text, encoding="utf-8")
            known = {r.dagster_run.run_id for r in _runs(instance)}
            t0 = time.time()
            os.replace(staged, landing / f"drop-{i}.txt")
            _wait(lambda a=aid: _published_ids(warehouse, a) > 0, 600, f"drop {i} in the published marts")
            latency = time.time() - t0
            new = [r for r in _runs(instance) if r.dagster_run.run_id not in known]
            run = min(new, key=lambda r: r.create_timestamp.timestamp()) if new else None
            parts = {}
            if run is not None:
                _wait(lambda r=run: instance.get_run_record_by_id(r.dagster_run.run_id).end_time is not None, 120,
                      "the run to finish")
                run = instance.get_run_record_by_id(run.dagster_run.run_id)
                created = run.create_timestamp.timestamp()
                parts = {"sensor": created - t0, "queue+launch": (run.start_time or created) - created,
                         "run": (run.end_time or 0) - (run.start_time or created)}
            rows.append((latency, parts))
            detail = ", ".join(f"{k} {v:.1f}s" for k, v in parts.items())
            print(f"drop {i + 1}: {latency:5.1f}s to the published marts ({detail})", flush=True)
            _wait(lambda: _idle(instance), 600, "the daemon to go idle", 1)
            time.sleep(2)
        latencies = [r[0] for r in rows]
        median = statistics.median(latencies)
        print(f"median of {len(latencies)}: {median:.1f}s (min {min(latencies):.1f}s, max {max(latencies):.1f}s; "
              f"budget {BUDGET_S}s) → {'OK' if median <= BUDGET_S else 'OVER BUDGET'}", flush=True)
        queue_check(instance, port)
        return 0 if median <= BUDGET_S else 1
    finally:
        os.killpg(dev.pid, signal.SIGTERM)
        try:
            dev.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(dev.pid, signal.SIGKILL)
        log.close()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")


def queue_check(instance, port: int) -> None:
    """Three refreshes submitted at once (as a person would in the UI) run one at a time."""
    from dagster_graphql import DagsterGraphQLClient

    client = DagsterGraphQLClient("127.0.0.1", port_number=port)
    ids = [client.submit_job_execution("refresh_warehouse") for _ in range(3)]
    _wait(lambda: all((r := instance.get_run_record_by_id(i)) and r.end_time for i in ids), 900,
          "three queued refreshes", 1)
    records = sorted((instance.get_run_record_by_id(i) for i in ids), key=lambda r: r.start_time)
    overlaps = sum(1 for a, b in zip(records, records[1:], strict=False) if b.start_time < a.end_time)
    statuses = [r.dagster_run.status.value for r in records]
    spans = ", ".join(f"{r.start_time - records[0].start_time:.0f}–{r.end_time - records[0].start_time:.0f}s"
                      for r in records)
    print(f"run queue: 3 refreshes submitted together ran at {spans} ({statuses}); overlapping: {overlaps}")


if __name__ == "__main__":
    sys.exit(main())
