"""raw.articles → extract.* : run the Arabic extraction library on new or outdated articles.

Incremental: an article is (re-)extracted only when it has no extraction yet, when its
extraction was made by another extractor/dictionary version (``extractor_version`` stamps
every article, and the assets' ``code_version`` makes Dagster's UI flag them as changed), or
when an operator asks for a date range (the ``backfill_extraction`` job, or
``marsad backfill --from --to``).  Each batch replaces that batch's rows in one transaction, so
a crash mid-run leaves every article either fully extracted or not at all.
"""


import datetime as dt
import time
from collections.abc import Iterator

import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, Config, MaterializeResult, multi_asset
from pydantic import Field

from extractors import EXTRACTOR_VERSION
from extractors.model import EXTRACT_TABLES

from ..extraction_pool import Item, extract_batches, extraction_workers
from ..faults import failpoint
from ..resources import Warehouse
from ..settings import WAREHOUSE_POOL

BATCH = 500
EXTRACT_SPECS = [
    AssetSpec(["extract", t], group_name="extraction", kinds={"python", "duckdb"}, code_version=EXTRACTOR_VERSION,
              deps=[AssetKey(["raw", "articles"]), AssetKey(["ref", "actors"]), AssetKey(["ref", "locations"])],
              description=f"Extraction output: extract.{t} (per article, per extractor version).")
    for t in EXTRACT_TABLES
]


class ExtractConfig(Config):
    """Which articles to re-extract besides new and outdated ones (a date-range backfill)."""

    published_from: str | None = Field(
        default=None, description="Re-extract articles published on or after this date (YYYY-MM-DD).")
    published_to: str | None = Field(
        default=None, description="Re-extract articles published on or before this date (YYYY-MM-DD).")

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        if self.published_from is None and self.published_to is None:
            return None
        lo = dt.date.fromisoformat(self.published_from) if self.published_from else dt.date.min
        hi = dt.date.fromisoformat(self.published_to) if self.published_to else dt.date.max
        if lo > hi:
            raise ValueError(f"published_from {lo} is after published_to {hi}")
        return lo, hi


# Why each article is extracted this run: never extracted, extracted by another version, or in the
# operator's date range.  The date is the metadata date, else the one extraction inferred.
TODO_SQL = """
    select a.article_id,
           case when m.article_id is null then 'new'
                when m.extractor_version <> $version then 'version_change'
                else 'backfill' end as why
    from raw.articles a left join extract.article_meta m using (article_id)
    where m.article_id is null or m.extractor_version <> $version
       or (cast($lo as date) is not null
           and coalesce(a.meta_published_date, m.published_date) between cast($lo as date) and cast($hi as date))
    order by a.article_id"""


def _write_batch(con, rows: dict[str, list[dict]], article_ids: list[str]) -> None:
    ids = pd.DataFrame({"article_id": article_ids})  # noqa: F841 - read by DuckDB
    con.execute("begin transaction")
    for table in EXTRACT_TABLES:
        con.execute(f"delete from extract.{table} where article_id in (select article_id from ids)")
        if rows[table]:
            df = pd.DataFrame(rows[table])  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f"insert into extract.{table} by name select * from df")
    failpoint("extract.before_commit")
    con.execute("commit")


TEXTS_SQL = """
    select article_id, text, meta_published_date, outlet from raw.articles
    where article_id in (select unnest($ids)) order by article_id"""


def _batches(con, todo: list[tuple[str, str]], size: int) -> Iterator[list[Item]]:
    """The articles to extract, ``size`` at a time; texts are read per batch, never all at once."""
    for i in range(0, len(todo), size):
        chunk = dict(todo[i:i + size])
        rows = con.execute(TEXTS_SQL, {"ids": list(chunk)}).fetchall()
        yield [(article_id, text, published, outlet, chunk[article_id])
               for article_id, text, published, outlet in rows]


@multi_asset(specs=EXTRACT_SPECS, name="extract_articles", pool=WAREHOUSE_POOL)
def extract_articles(context: AssetExecutionContext, config: ExtractConfig, warehouse: Warehouse):
    """Extract sentences, actors, places, incidents and claims from articles not yet extracted."""
    t0 = time.perf_counter()
    now = dt.datetime.now()
    window = config.date_range()
    lo, hi = window if window else (None, None)
    n_done = 0
    why: dict[str, int] = {"new": 0, "version_change": 0, "backfill": 0}
    errors: list[str] = []
    with warehouse.connect() as con:
        todo = con.execute(TODO_SQL, {"version": EXTRACTOR_VERSION, "lo": lo, "hi": hi}).fetchall()
        workers = extraction_workers(len(todo))
        context.log.info(f"{len(todo)} article(s) to extract "
                         + (f"in {workers} worker processes" if workers else "in-process"))
        for result in extract_batches(_batches(con, todo, BATCH), EXTRACTOR_VERSION, now, workers):
            _write_batch(con, result.rows, result.done_ids)
            errors.extend(result.errors)
            for reason in result.reasons:
                why[reason] += 1
            n_done += len(result.done_ids)
            if n_done and n_done % (BATCH * 10) == 0:
                context.log.info(f"extracted {n_done}/{len(todo)} in {time.perf_counter() - t0:.0f}s")
        counts = {t: con.execute(f"select count(*) from extract.{t}").fetchone()[0] for t in EXTRACT_TABLES}
    if errors:
        raise RuntimeError(f"extraction failed on {len(errors)} article(s): " + "; ".join(errors[:5]))
    seconds = round(time.perf_counter() - t0, 3)
    context.log.info(f"extracted {n_done} article(s) with {EXTRACTOR_VERSION} ({why}) in {seconds}s; totals {counts}")
    for spec, table in zip(EXTRACT_SPECS, EXTRACT_TABLES, strict=True):
        yield MaterializeResult(asset_key=spec.key, metadata={
            "dagster/row_count": counts[table], "articles_extracted_this_run": n_done,
            "new_articles": why["new"], "reextracted_version_change": why["version_change"],
            "reextracted_backfill": why["backfill"], "worker_processes": workers,
            "backfill_range": f"{lo} .. {hi}" if window else "none",
            "extractor_version": EXTRACTOR_VERSION, "duration_s": seconds})
