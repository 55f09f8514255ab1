"""A DuckLake reader process for tests/e2e/test_ducklake.py: query the lake in a loop, log what it saw.

Run as ``python tests/e2e/lake_reader.py OUT.jsonl STOP_FILE`` with the lake configured in the
environment (``MARSAD_TARGET=ducklake``, ``MARSAD_DUCKLAKE_*``).  Each observation reads, in one
transaction (so from one snapshot), the newest publication, its recorded article count, and the
article counts of ``raw.articles`` and ``marts.dim_articles``; in a whole snapshot they agree.
Every fifth observation opens a fresh read-only ATTACH, as a new analyst session would.  Errors are
logged, not raised: the test asserts there were none.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from orchestration.lake import Lake

PAUSE_S = 1.0  # between observations: publications come a minute apart; keep the readers cheap on 2 cores
OBSERVE = """
    with head as (select publication_id, articles from lake.ops.publications order by publication_id desc limit 1)
    select (select publication_id from head), (select articles from head),
           (select count(*) from lake.raw.articles), (select count(distinct article_id) from lake.raw.articles),
           (select count(*) from lake.marts.dim_articles), (select count(*) from lake.marts.fct_incidents)
"""


def observe(con) -> dict:
    """One snapshot's view of the lake."""
    con.execute("begin")
    try:
        snapshot = con.execute("select id from lake.current_snapshot()").fetchone()[0]
        published = con.execute("select count(*) from duckdb_tables() where database_name = 'lake' "
                                "and schema_name = 'ops' and table_name = 'publications'").fetchone()[0]
        if not published:
            return {"snapshot": snapshot, "publication": None}
        pub, pub_articles, raw, distinct, dim, incidents = con.execute(OBSERVE).fetchone()
        return {"snapshot": snapshot, "publication": pub, "publication_articles": pub_articles, "raw": raw,
                "distinct": distinct, "dim_articles": dim, "incidents": incidents}
    finally:
        con.execute("commit")


def main(out: Path, stop: Path) -> None:
    lake = Lake.from_settings()
    assert lake is not None, "MARSAD_TARGET=ducklake is not set"
    with out.open("a", encoding="utf-8") as log:
        n = 0
        while not stop.exists():
            try:
                with lake.connect(read_only=True) as con:
                    for _ in range(5):
                        record = {"t": time.time(), **observe(con)}
                        log.write(json.dumps(record) + "\n")
                        log.flush()
                        n += 1
                        if stop.exists():
                            break
                        time.sleep(PAUSE_S)
            except Exception as e:  # noqa: BLE001 - every error is evidence for the test
                log.write(json.dumps({"t": time.time(), "error": f"{type(e).__name__}: {e}"}) + "\n")
                log.flush()
                time.sleep(PAUSE_S)
        # one last look after the writers finished
        with lake.connect(read_only=True) as con:
            log.write(json.dumps({"t": time.time(), "final": True, **observe(con)}) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
