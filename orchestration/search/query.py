"""Search the published warehouse: which articles match, their best sentences, and what those feed.

An article matches when every query term occurs in its title or text (BM25 over
``search.articles``, conjunctive).  For each matching article the sentences with the most query
terms (BM25 over ``search.sentences``) are shown, and through their character offsets the
incident reports, claims and actor mentions of the marts that come from them.  Everything here
only reads, so it works on a connection opened ``read_only``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from ..duckdb_extensions import load_extension
from .analyzer import ANALYZER_VERSION, query_terms, term_spans
from .index import ARTICLE_FTS, SENTENCE_FTS


class SearchIndexMissing(RuntimeError):
    """The warehouse has no search index (built before the index existed, or never refreshed)."""


@dataclass(frozen=True)
class Feed:
    """A mart row that comes from a matched sentence: an incident report, a claim, an actor mention."""

    kind: str          # incident | claim | actor
    ref: str           # incident_id / claim_id / actor_id
    label: str


@dataclass
class SentenceHit:
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    score: float
    spans: list[tuple[int, int]]            # offsets into ``text`` of the matched words
    feeds: list[Feed] = field(default_factory=list)


@dataclass
class ArticleHit:
    article_id: str
    outlet: str | None
    published_date: dt.date | None
    title: str | None
    title_spans: list[tuple[int, int]]
    score: float
    sentences: list[SentenceHit]
    incident_ids: list[str]                 # every incident the article reports


@dataclass
class SearchResult:
    query: str
    terms: list[str]
    total: int                              # matching articles (hits holds at most the limit)
    hits: list[ArticleHit]
    index_version: str | None

    @property
    def stale_index(self) -> bool:
        """The index was analysed by another analyser version than the query: matches may be missed."""
        return self.index_version is not None and self.index_version != ANALYZER_VERSION


# Articles with every query term ($q: the analysed terms, space-separated) and their BM25 score.
_SCORED_ARTICLES = f"""
    scored as (
        select article_id, {ARTICLE_FTS}.match_bm25(article_id, $q, conjunctive := 1) as score
        from search.articles
    )"""

_MATCHING_SQL = f"with {_SCORED_ARTICLES} select article_id from scored where score is not null"

_ARTICLES_SQL = f"""
    with {_SCORED_ARTICLES}
    select s.article_id, s.score, d.outlet, d.published_date, d.title, count(*) over () as total
    from scored as s
    inner join marts.dim_articles as d using (article_id)
    where s.score is not null
    order by s.score desc, s.article_id
    limit $limit"""

_SENTENCES_SQL = f"""
    with scored as (
        select article_id, sentence_index, char_start, char_end,
               {SENTENCE_FTS}.match_bm25(unit_id, $q) as score
        from search.sentences
        where article_id in (select unnest($ids::varchar[]))
    )
    select s.article_id, s.sentence_index, s.char_start, s.char_end, x.text, s.score
    from scored as s
    inner join extract.sentences as x using (article_id, sentence_index)
    where s.score is not null
    qualify row_number() over (partition by s.article_id order by s.score desc, s.sentence_index) <= $per_article
    order by s.article_id, s.sentence_index"""

# Mart rows of the matched articles with their offsets; assigned to sentences by overlap.
_FEEDS_SQL = """
    select 'incident' as kind, r.article_id, r.char_start, r.char_end, r.incident_id as ref,
           concat_ws(' ', i.event_type, cast(i.incident_date as varchar), coalesce(l.name_en, l.name_ar),
                     '(' || i.claim_status || ')') as label
    from marts.fct_incident_reports as r
    inner join marts.fct_incidents as i using (incident_id)
    left join marts.dim_locations as l on l.location_id = i.location_id
    where r.article_id in (select unnest($ids::varchar[]))
    union all
    select 'claim', c.article_id, c.char_start, c.char_end, c.claim_id,
           concat_ws(' ', c.claim_type, 'by', coalesce(a.name_en, a.name_ar, c.speaker_text, 'unnamed speaker'),
                     '«' || c.predicate || '»')
    from marts.fct_claims as c
    left join marts.dim_actors as a on a.actor_id = c.speaker_actor_id
    where c.article_id in (select unnest($ids::varchar[]))
    union all
    select 'actor', m.article_id, m.char_start, m.char_end, m.actor_id,
           coalesce(a.name_en, a.name_ar, m.actor_id)
    from marts.fct_actor_mentions as m
    left join marts.dim_actors as a using (actor_id)
    where m.article_id in (select unnest($ids::varchar[]))
    order by 2, 3, 1"""

_INCIDENTS_SQL = """
    select article_id, list(distinct incident_id order by incident_id)
    from marts.fct_incident_reports
    where article_id in (select unnest($ids::varchar[]))
    group by article_id"""


def index_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The analyser version the warehouse's index was built with; raises if there is no index."""
    found = con.execute("select count(*) from information_schema.tables where table_schema in ('search', ?, ?)",
                        [ARTICLE_FTS, SENTENCE_FTS]).fetchone()[0]
    if found < 5:  # search.articles/sentences/index_info + each index's tables
        raise SearchIndexMissing("this warehouse has no search index: run `marsad refresh` to build one")
    row = con.execute("select analyzer_version from search.index_info").fetchone()
    return row[0] if row else None


def _feeds(con: duckdb.DuckDBPyConnection, ids: list[str], hits: dict[str, list[SentenceHit]]) -> None:
    rows = con.execute(_FEEDS_SQL, {"ids": ids}).fetchall()
    for kind, article_id, start, end, ref, label in rows:
        for s in hits.get(article_id, ()):
            overlaps = start < s.char_end and end > s.char_start
            if overlaps and all(f.ref != ref for f in s.feeds):
                s.feeds.append(Feed(kind, ref, label))


def matching_articles(con: duckdb.DuckDBPyConnection, terms: list[str]) -> set[str]:
    """Every article whose title or text holds all ``terms`` (as :func:`query_terms` gives them)."""
    if not terms:
        return set()
    load_extension(con, "fts")
    return {r[0] for r in con.execute(_MATCHING_SQL, {"q": " ".join(terms)}).fetchall()}


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10, per_article: int = 3) -> SearchResult:
    """The ``limit`` best articles for ``query`` (every term must occur), best sentences first."""
    terms = query_terms(query)
    version = index_version(con)
    if not terms:
        return SearchResult(query, [], 0, [], version)
    load_extension(con, "fts")
    q = " ".join(terms)
    wanted = frozenset(terms)
    rows = con.execute(_ARTICLES_SQL, {"q": q, "limit": limit}).fetchall()
    if not rows:
        return SearchResult(query, terms, 0, [], version)
    ids = [r[0] for r in rows]
    sentences: dict[str, list[SentenceHit]] = defaultdict(list)
    for article_id, index, start, end, text, score in con.execute(
            _SENTENCES_SQL, {"q": q, "ids": ids, "per_article": per_article}).fetchall():
        sentences[article_id].append(SentenceHit(index, start, end, text, score, term_spans(text, wanted)))
    _feeds(con, ids, sentences)
    incidents = dict(con.execute(_INCIDENTS_SQL, {"ids": ids}).fetchall())
    hits = [ArticleHit(article_id=a, outlet=outlet, published_date=published, title=title,
                       title_spans=term_spans(title, wanted) if title else [], score=score,
                       sentences=sentences.get(a, []), incident_ids=incidents.get(a, []))
            for a, score, outlet, published, title, _total in rows]
    return SearchResult(query, terms, rows[0][5], hits, version)
