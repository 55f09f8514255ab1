"""Landing files → raw.articles / raw.quarantine / raw.ingest_log.

Idempotent: a unit (file or JSONL line) already logged with the same content hash is skipped,
an article whose content hash is already stored is logged as a duplicate of it, and every unit
ends up in exactly one of raw.articles (via the log) or raw.quarantine.
"""


import datetime as dt
import time

import pandas as pd
from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from ..faults import failpoint
from ..ingestion import ArticleRecord, read_landing
from ..resources import LandingDirectory, Warehouse
from ..settings import WAREHOUSE_POOL

RAW_ARTICLES = AssetSpec(["raw", "articles"], description="One row per distinct article (content-hash id).",
                         group_name="raw", kinds={"python", "duckdb"})
RAW_QUARANTINE = AssetSpec(["raw", "quarantine"], description="Input units that could not be ingested, with a reason.",
                           group_name="raw", kinds={"python", "duckdb"})
RAW_INGEST_LOG = AssetSpec(["raw", "ingest_log"], description="Every input unit seen and what became of it.",
                           group_name="raw", kinds={"python", "duckdb"})


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


@multi_asset(specs=[RAW_ARTICLES, RAW_QUARANTINE, RAW_INGEST_LOG], name="ingest_landing", pool=WAREHOUSE_POOL)
def ingest_landing(context: AssetExecutionContext, landing: LandingDirectory, warehouse: Warehouse):
    """Read new files from the landing directory into the raw schema."""
    t0 = time.perf_counter()
    now = dt.datetime.now()
    counts = {"units_seen": 0, "skipped_unchanged": 0, "ingested": 0, "duplicates": 0, "quarantined": 0}
    reasons: dict[str, int] = {}
    articles: list[dict] = []
    log: list[dict] = []
    quarantine: list[dict] = []
    with warehouse.connect() as con:
        known_units = dict(con.execute("select source_uri, file_sha256 from raw.ingest_log").fetchall())
        known_articles = {r[0] for r in con.execute("select article_id from raw.articles").fetchall()}
        if not landing.root.is_dir():
            raise FileNotFoundError(f"landing directory {landing.root} does not exist")
        for unit in read_landing(landing.root):
            counts["units_seen"] += 1
            sha = unit.file_sha256
            if sha is not None and known_units.get(unit.source_uri) == sha:
                counts["skipped_unchanged"] += 1
                continue
            entry = {"source_uri": unit.source_uri, "file_sha256": sha, "byte_size": unit.byte_size,
                     "article_id": None, "detail": None, "seen_at": now}
            if isinstance(unit, ArticleRecord):
                aid = unit.article_id
                entry["article_id"] = aid
                entry["detail"] = "; ".join(unit.notes) or None
                if aid in known_articles:
                    entry["status"] = "duplicate"
                    counts["duplicates"] += 1
                else:
                    known_articles.add(aid)
                    entry["status"] = "ingested"
                    counts["ingested"] += 1
                    articles.append({
                        "article_id": aid, "source_uri": unit.source_uri, "url": unit.url, "outlet": unit.outlet,
                        "title": unit.title, "meta_published_date": unit.meta_published_date, "text": unit.text,
                        "char_count": len(unit.text), "encoding": unit.encoding, "ingested_at": now})
            else:
                entry["status"] = "quarantined"
                entry["detail"] = f"{unit.reason}: {unit.detail}"
                counts["quarantined"] += 1
                reasons[unit.reason] = reasons.get(unit.reason, 0) + 1
                quarantine.append({"source_uri": unit.source_uri, "file_sha256": sha, "byte_size": unit.byte_size,
                                   "reason": unit.reason, "detail": unit.detail, "quarantined_at": now})
            log.append(entry)

        art_df = _frame(articles, ["article_id", "source_uri", "url", "outlet", "title", "meta_published_date",
                                   "text", "char_count", "encoding", "ingested_at"])
        log_df = _frame(log, ["source_uri", "file_sha256", "byte_size", "status", "article_id", "detail", "seen_at"])
        q_df = _frame(quarantine, ["source_uri", "file_sha256", "byte_size", "reason", "detail", "quarantined_at"])
        con.execute("begin transaction")
        con.execute("insert or replace into raw.ingest_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [context.run.run_id, str(landing.root), now, dt.datetime.now(), counts["units_seen"],
                     counts["ingested"], counts["duplicates"], counts["quarantined"], counts["skipped_unchanged"]])
        if len(art_df):
            con.execute("insert into raw.articles by name select * from art_df")
        if len(log_df):
            con.execute("insert or replace into raw.ingest_log by name select * from log_df")
            # a unit that now ingests cleanly leaves the quarantine
            con.execute("delete from raw.quarantine where source_uri in "
                        "(select source_uri from log_df where status <> 'quarantined')")
        if len(q_df):
            con.execute("insert or replace into raw.quarantine by name select * from q_df")
        failpoint("ingest.before_commit")
        con.execute("commit")
        totals = dict(zip(["articles", "quarantined", "log"], con.execute(
            "select (select count(*) from raw.articles), (select count(*) from raw.quarantine),"
            " (select count(*) from raw.ingest_log)").fetchone(), strict=True))

    seconds = round(time.perf_counter() - t0, 3)
    context.log.info(f"ingestion: {counts}; quarantine reasons this run: {reasons}; {seconds}s")
    yield MaterializeResult(asset_key=RAW_ARTICLES.key, metadata={
        "dagster/row_count": totals["articles"], "new_articles": counts["ingested"],
        "duplicates": counts["duplicates"], "landing": MetadataValue.path(str(landing.root)), "duration_s": seconds})
    yield MaterializeResult(asset_key=RAW_QUARANTINE.key, metadata={
        "dagster/row_count": totals["quarantined"], "new_this_run": counts["quarantined"],
        "reasons_this_run": MetadataValue.json(reasons), "duration_s": seconds})
    yield MaterializeResult(asset_key=RAW_INGEST_LOG.key, metadata={
        "dagster/row_count": totals["log"], "units_seen": counts["units_seen"],
        "skipped_unchanged": counts["skipped_unchanged"], "duration_s": seconds})
