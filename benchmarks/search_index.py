#!/usr/bin/env python
"""What the search index costs at 10,000 articles: build time, size, and how fast a query matches.

    .venv/bin/python benchmarks/search_index.py [--articles 10000] [--seed 20240601]

The articles are the synthetic corpus recombined from sample_corpus (synthetic_corpus.py), split
into sentences by the extractors' splitter and written to a scratch warehouse with only what the
index reads (raw.articles, extract.sentences, marts.dim_articles); the full refresh is measured
by incremental.py (its "search" column).  Timed: ``build_index`` (analysis in Python + DuckDB's
``create_fts_index``), then, on a read-only connection as `marsad search` opens it, the article
match (BM25, every term required) for a few queries, median of 5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

QUERIES = ("الكاظمي", "بالصواريخ", "مطار بغداد", "كتائب حزب الله", "زيمبابوي")


def scratch_warehouse(path: Path, n: int, seed: int) -> tuple[int, int]:
    """Write ``n`` synthetic articles and their sentences; returns (articles, sentences)."""
    import duckdb
    import pandas as pd
    from rich.progress import track
    from synthetic_corpus import CorpusGenerator

    from extractors.sentences import split_sentences
    from orchestration.settings import SCHEMA_SQL

    articles = CorpusGenerator(seed=seed).corpus_with_progress(n)
    now = dt.datetime.now()
    rows, sentences = [], []
    for k, a in enumerate(track(articles, description="splitting sentences", transient=True)):
        aid = f"{k:016x}"
        rows.append({"article_id": aid, "source_uri": f"synthetic/{k}", "url": None, "outlet": a.outlet,
                     "title": None, "meta_published_date": a.published, "text": a.text, "char_count": len(a.text),
                     "encoding": "utf-8", "ingested_at": now})
        sentences.extend({"article_id": aid, "sentence_index": s.index, "char_start": s.start, "char_end": s.end,
                          "text": s.text, "is_boilerplate": False} for s in split_sentences(a.text))
    art_df, sen_df = pd.DataFrame(rows), pd.DataFrame(sentences)  # noqa: F841 - read by DuckDB
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        con.execute("insert into raw.articles by name select * from art_df")
        con.execute("insert into extract.sentences by name select * from sen_df")
        con.execute("create schema marts")
        con.execute("create table marts.dim_articles as select article_id, title from raw.articles")
    finally:
        con.close()
    return len(rows), len(sentences)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)

    import duckdb

    from orchestration.search.analyzer import query_terms
    from orchestration.search.index import build_index
    from orchestration.search.query import matching_articles

    with tempfile.TemporaryDirectory(prefix="marsad-search-bench-") as tmp:
        db = Path(tmp) / "warehouse.duckdb"
        n_articles, n_sentences = scratch_warehouse(db, args.articles, args.seed)
        size_before = db.stat().st_size
        con = duckdb.connect(str(db))
        try:
            t0 = time.perf_counter()
            stats = build_index(con)
            build_s = time.perf_counter() - t0
            con.execute("checkpoint")
        finally:
            con.close()
        grown = db.stat().st_size - size_before
        print(f"search index — {n_articles:,} synthetic articles, {n_sentences:,} sentences")
        print(f"  build        {build_s:.2f} s (analysis {stats['analyse_seconds']:.2f} s), "
              f"{stats['distinct_terms']:,} distinct terms, file +{grown / 1e6:.1f} MB")
        con = duckdb.connect(str(db), read_only=True)
        try:
            for q in QUERIES:
                terms = query_terms(q)
                times, found = [], set()
                for _ in range(5):
                    t0 = time.perf_counter()
                    found = matching_articles(con, terms)
                    times.append(time.perf_counter() - t0)
                print(f"  {q:<16} {len(found):>6,} articles   median {1000 * statistics.median(times):7.1f} ms")
        finally:
            con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
