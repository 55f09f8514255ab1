"""Build the full-text index into the warehouse build: the ``search`` schema and two fts indexes.

* ``search.articles``  — one row per article of ``marts.dim_articles``: the analysed terms of its
  title and text.  Which articles match is decided here (every query term somewhere in the
  article), so a two-word query need not have both words in one sentence.
* ``search.sentences`` — one row per sentence of ``extract.sentences`` of those articles, with its
  offsets: which sentences to show, and through their offsets, which incidents, claims and
  actor mentions of the marts they feed.
* ``search.index_info`` — the analyser version and counts of the build.

The fts extension stores each index in a schema of its own, named after the table
(``fts_search_articles``, ``fts_search_sentences``), holding plain tables and the
``match_bm25`` macro: nothing in it needs write access, so the published file is searched
read-only.  The terms column is already analysed (orchestration/search/analyzer.py), so the
extension only splits it on spaces: ``stemmer='none'``, no stop words, no accent stripping.

The index is rebuilt in full on every refresh: it is derived data, a full build of the sample
corpus takes well under a second, and a rebuild can never drift from the marts it points into.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict

import duckdb

from ..duckdb_extensions import load_extension
from .analyzer import ANALYZER_VERSION, search_terms

ARTICLE_FTS = "fts_search_articles"
SENTENCE_FTS = "fts_search_sentences"

_TABLES = """
create schema if not exists search;
create or replace table search.articles (
    article_id  varchar primary key,
    n_terms     integer not null,
    terms       varchar not null
);
create or replace table search.sentences (
    unit_id         varchar primary key,   -- article_id || ':' || sentence_index
    article_id      varchar not null,
    sentence_index  integer not null,
    char_start      integer not null,
    char_end        integer not null,
    n_terms         integer not null,
    terms           varchar not null
);
create or replace table search.index_info (
    analyzer_version  varchar not null,
    built_at          timestamp not null,
    articles          bigint not null,
    sentences         bigint not null,
    distinct_terms    bigint not null,
    build_seconds     double not null
);
"""

# Terms are space-separated already: the tokeniser only splits on whitespace.
_FTS_OPTIONS = r"stemmer='none', stopwords='none', ignore='\s+', strip_accents=0, lower=0, overwrite=1"

_ARTICLES_SQL = """
    select d.article_id, d.title, r.text
    from marts.dim_articles as d
    inner join raw.articles as r using (article_id)
    order by d.article_id"""

_SENTENCES_SQL = """
    select s.article_id, s.sentence_index, s.char_start, s.char_end, s.text
    from extract.sentences as s
    semi join marts.dim_articles as d using (article_id)
    order by s.article_id, s.char_start, s.sentence_index"""

Sentence = tuple[int, int, int, str]  # sentence_index, char_start, char_end, text


def _terms(text: str | None) -> list[str]:
    return search_terms(text) if text else []


def _analyse_article(article_id: str, title: str | None, text: str, sentences: list[Sentence],
                     sentence_rows: list[tuple]) -> tuple[str, int, str]:
    """The article's row of search.articles; appends its sentences' rows to ``sentence_rows``.

    Each sentence is analysed once and its terms reused for the article (plus any text no sentence
    covers), instead of analysing the text twice: analysis is most of the build time.
    """
    terms = _terms(title)
    pos = 0
    for index, start, end, sentence in sentences:
        if start > pos:
            terms += _terms(text[pos:start])
        sentence_terms = _terms(sentence)
        sentence_rows.append((f"{article_id}:{index}", article_id, index, start, end, len(sentence_terms),
                              " ".join(sentence_terms)))
        terms += sentence_terms
        pos = max(pos, end)
    terms += _terms(text[pos:])
    return article_id, len(terms), " ".join(terms)


def build_index(con: duckdb.DuckDBPyConnection) -> dict[str, int | float | str]:
    """Replace the ``search`` schema and both fts indexes on ``con`` (a writable build); returns counts."""
    import pandas as pd  # only the build needs it; `marsad search` imports this module too

    t0 = time.perf_counter()
    load_extension(con, "fts")
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for article_id, index, start, end, text in con.execute(_SENTENCES_SQL).fetchall():
        by_article[article_id].append((index, start, end, text))
    articles: list[tuple[str, int, str]] = []
    sentences: list[tuple] = []
    for article_id, title, text in con.execute(_ARTICLES_SQL).fetchall():
        articles.append(_analyse_article(article_id, title, text, by_article.pop(article_id, []), sentences))
    art_df = pd.DataFrame(articles, columns=["article_id", "n_terms", "terms"])  # noqa: F841 - read by DuckDB
    sen_df = pd.DataFrame(sentences, columns=["unit_id", "article_id", "sentence_index", "char_start",  # noqa: F841
                                              "char_end", "n_terms", "terms"])
    analysed = time.perf_counter() - t0
    con.execute("begin transaction")
    con.execute(_TABLES)
    con.execute("insert into search.articles by name select * from art_df")
    con.execute("insert into search.sentences by name select * from sen_df")
    con.execute(f"pragma create_fts_index('search.articles', 'article_id', 'terms', {_FTS_OPTIONS})")
    con.execute(f"pragma create_fts_index('search.sentences', 'unit_id', 'terms', {_FTS_OPTIONS})")
    distinct_terms = con.execute(f"select count(*) from {ARTICLE_FTS}.dict").fetchone()[0]
    seconds = time.perf_counter() - t0
    con.execute("insert into search.index_info values (?, ?, ?, ?, ?, ?)",
                [ANALYZER_VERSION, dt.datetime.now(), len(articles), len(sentences), distinct_terms, seconds])
    con.execute("commit")
    return {"analyzer_version": ANALYZER_VERSION, "articles": len(articles), "sentences": len(sentences),
            "distinct_terms": distinct_terms, "analyse_seconds": round(analysed, 3),
            "build_seconds": round(time.perf_counter() - t0, 3)}
