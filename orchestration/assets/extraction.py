"""raw.articles → extract.* : run the Arabic extraction library on new or outdated articles.

Incremental: an article is (re-)extracted only when it has no extraction yet or its extraction
was made by another extractor/dictionary version.  Each batch replaces that batch's rows in one
transaction, so a crash mid-run leaves every article either fully extracted or not at all.
"""


import datetime as dt
from collections.abc import Iterable

import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from extractors import EXTRACTOR_VERSION, extract_article
from extractors.model import EXTRACT_TABLES

from ..resources import Warehouse

BATCH = 500
EXTRACT_SPECS = [
    AssetSpec(["extract", t], group_name="extraction", kinds={"python", "duckdb"},
              deps=[AssetKey(["raw", "articles"]), AssetKey(["ref", "actors"]), AssetKey(["ref", "locations"])],
              description=f"Extraction output: extract.{t} (per article, per extractor version).")
    for t in EXTRACT_TABLES
]


def _write_batch(con, rows: dict[str, list[dict]], article_ids: list[str]) -> None:
    ids = pd.DataFrame({"article_id": article_ids})  # noqa: F841 - read by DuckDB
    con.execute("begin transaction")
    for table in EXTRACT_TABLES:
        con.execute(f"delete from extract.{table} where article_id in (select article_id from ids)")
        if rows[table]:
            df = pd.DataFrame(rows[table])  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f"insert into extract.{table} by name select * from df")
    con.execute("commit")


def _batches(cursor_rows: list[tuple], size: int) -> Iterable[list[tuple]]:
    for i in range(0, len(cursor_rows), size):
        yield cursor_rows[i:i + size]


@multi_asset(specs=EXTRACT_SPECS, name="extract_articles")
def extract_articles(context: AssetExecutionContext, warehouse: Warehouse):
    """Extract sentences, actors, places, incidents and claims from articles not yet extracted."""
    now = dt.datetime.now()
    n_done = 0
    errors: list[str] = []
    with warehouse.connect() as con:
        todo = con.execute("""
            select a.article_id, a.text, a.meta_published_date, a.outlet
            from raw.articles a left join extract.article_meta m using (article_id)
            where m.article_id is null or m.extractor_version <> ?
            order by a.article_id""", [EXTRACTOR_VERSION]).fetchall()
        for batch in _batches(todo, BATCH):
            rows: dict[str, list[dict]] = {t: [] for t in EXTRACT_TABLES}
            done_ids = []
            for article_id, text, published, outlet in batch:
                try:
                    result = extract_article(text, published=published, outlet=outlet)
                except Exception as e:  # noqa: BLE001 - report the article, keep going
                    errors.append(f"{article_id}: {type(e).__name__}: {e}")
                    continue
                for table, table_rows in result.table_rows(article_id, EXTRACTOR_VERSION, now).items():
                    rows[table].extend(table_rows)
                done_ids.append(article_id)
            _write_batch(con, rows, done_ids)
            n_done += len(done_ids)
        counts = {t: con.execute(f"select count(*) from extract.{t}").fetchone()[0] for t in EXTRACT_TABLES}
    if errors:
        raise RuntimeError(f"extraction failed on {len(errors)} article(s): " + "; ".join(errors[:5]))
    context.log.info(f"extracted {n_done} article(s) with {EXTRACTOR_VERSION}; totals {counts}")
    for spec, table in zip(EXTRACT_SPECS, EXTRACT_TABLES, strict=True):
        yield MaterializeResult(asset_key=spec.key, metadata={
            "dagster/row_count": counts[table], "articles_extracted_this_run": n_done,
            "extractor_version": EXTRACTOR_VERSION})
