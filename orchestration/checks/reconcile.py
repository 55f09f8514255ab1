"""Reconciliation: every file in the landing directory is in the warehouse or in quarantine.

A blocking check on ``raw/ingest_log``, so a run that lost a file cannot publish.  It walks the
landing directory again, independently of the ingestion step, and requires a log entry for
every input path (for JSONL, at least one ``path#line`` entry), an article for every ingested or
duplicate entry, and a quarantine row for every quarantined one.  Files that arrived after the
ingestion step looked (their mtime or ctime is later) are reported as pending, not as lost:
the next run picks them up.  Files that disappeared since are no longer landed.
"""

from __future__ import annotations

import os
import re

from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue, asset_check

from ..ingestion.readers import iter_landing_files
from ..resources import LandingDirectory, Warehouse
from ..settings import WAREHOUSE_POOL

_LINE = re.compile(r"#\d+$")
SAMPLE = 10


def _file_of(uri: str) -> str:
    """The file a log entry belongs to (``path#12`` is line 12 of a JSONL file)."""
    return _LINE.sub("", uri)


@asset_check(asset=AssetKey(["raw", "ingest_log"]), name="reconcile_landing", blocking=True, pool=WAREHOUSE_POOL,
             description="Every landed file is in raw.articles (via the log) or in raw.quarantine.")
def reconcile_landing(landing: LandingDirectory, warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connect(read_only=True) as con:
        run = con.execute("select started_at from raw.ingest_runs where landing = ? order by started_at desc limit 1",
                          [str(landing.root)]).fetchone()
        logged = dict(con.execute("select source_uri, status from raw.ingest_log").fetchall())
        no_article = [r[0] for r in con.execute("""
            select l.source_uri from raw.ingest_log l left join raw.articles a using (article_id)
            where l.status in ('ingested', 'duplicate') and a.article_id is null""").fetchall()]
        not_quarantined = [r[0] for r in con.execute("""
            select l.source_uri from raw.ingest_log l left join raw.quarantine q using (source_uri)
            where l.status = 'quarantined' and q.source_uri is null""").fetchall()]
        unlogged_articles = con.execute("""
            select count(*) from raw.articles a
            where not exists (select 1 from raw.ingest_log l where l.article_id = a.article_id)""").fetchone()[0]
    if run is None:
        return AssetCheckResult(passed=False, severity=AssetCheckSeverity.ERROR,
                                metadata={"problem": f"no ingestion run recorded for {landing.root}"})
    started = run[0].timestamp()
    logged_files = {_file_of(u) for u in logged} | set(logged)
    on_disk = missing = pending = 0
    missing_sample: list[str] = []
    for path in iter_landing_files(landing.root):
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue  # gone since: no longer landed
        on_disk += 1
        if str(path) in logged_files:
            continue
        if max(st.st_mtime, st.st_ctime) >= started:
            pending += 1
            continue
        missing += 1
        if len(missing_sample) < SAMPLE:
            missing_sample.append(str(path))
    statuses: dict[str, int] = {}
    for status in logged.values():
        statuses[status] = statuses.get(status, 0) + 1
    problems = [f"{n} {what}" for n, what in (
        (missing, "landed file(s) neither in the warehouse nor in quarantine"),
        (len(no_article), "ingested log entries without their article"),
        (len(not_quarantined), "quarantined log entries without a quarantine row"),
        (unlogged_articles, "article(s) in raw.articles that no ingestion logged")) if n]
    return AssetCheckResult(passed=not problems, severity=AssetCheckSeverity.ERROR, metadata={
        "problem": "; ".join(problems) or "none",
        "files_on_disk": on_disk, "files_unaccounted": missing, "arrived_during_run": pending,
        "log_entries_by_status": MetadataValue.json(statuses),
        "unaccounted_sample": MetadataValue.json(missing_sample),
        "ingested_without_article": MetadataValue.json(no_article[:SAMPLE]),
        "quarantined_without_row": MetadataValue.json(not_quarantined[:SAMPLE]),
        "articles_without_log_entry": unlogged_articles,
    })
