"""What the blocking ``search_index_answers`` check proves before a build is published.

An index that silently misses articles is worse than none (an analyst takes "no hits" as "never
reported"), so the check asks three things of the build:

* coverage: every article of ``marts.dim_articles`` and every one of its sentences has index rows,
  and each fts index holds exactly the rows of its table;
* version: the index was analysed by the analyser the query side uses now;
* answers: for a spread of articles, a word taken *as written* from the article (diacritics,
  proclitics and all) finds that article and that sentence through the same search code the
  CLI uses.
"""

from __future__ import annotations

import re

import duckdb

from ..duckdb_extensions import load_extension
from .analyzer import ANALYZER_VERSION, query_terms
from .index import ARTICLE_FTS, SENTENCE_FTS
from .query import SearchIndexMissing, index_version, matching_articles

_WORD = re.compile("[\u0621-\u065f\u0670-\u06d3]{4,}")  # an Arabic word as written, marks included

_COVERAGE = {
    "articles missing from search.articles": """
        select article_id from marts.dim_articles anti join search.articles using (article_id)""",
    "sentences missing from search.sentences": """
        select s.article_id || ':' || s.sentence_index
        from extract.sentences as s semi join marts.dim_articles using (article_id)
        anti join search.sentences as u using (article_id, sentence_index)""",
    f"rows of search.articles missing from {ARTICLE_FTS}": f"""
        select article_id from search.articles anti join {ARTICLE_FTS}.docs as d on d.name = article_id""",
    f"rows of search.sentences missing from {SENTENCE_FTS}": f"""
        select unit_id from search.sentences anti join {SENTENCE_FTS}.docs as d on d.name = unit_id""",
}

# A spread of articles (every k-th by id) and the longest word of their first sentence with one.
_PROBES_SQL = """
    with ranked as (
        select article_id, row_number() over (order by article_id) as n, count(*) over () as total
        from marts.dim_articles
    ),
    picked as (select article_id from ranked where (n - 1) % greatest(1, total // $sample) = 0 limit $sample)
    select s.article_id, s.sentence_index, s.text
    from extract.sentences as s
    semi join picked using (article_id)
    where not s.is_boilerplate
    qualify row_number() over (partition by s.article_id order by s.sentence_index) = 1
    order by s.article_id"""


def _probe(con: duckdb.DuckDBPyConnection, article_id: str, sentence_index: int, word: str) -> str | None:
    """Why searching ``word`` misses its own article or sentence, or None when it finds both."""
    terms = query_terms(word)
    if article_id not in matching_articles(con, terms):
        return f"{word!r} does not find article {article_id}"
    unit = f"{article_id}:{sentence_index}"
    score = con.execute(f"select {SENTENCE_FTS}.match_bm25(unit_id, ?) from search.sentences where unit_id = ?",
                        [" ".join(terms), unit]).fetchone()
    if score is None or score[0] is None:
        return f"{word!r} does not find sentence {unit}"
    return None


def verify_index(con: duckdb.DuckDBPyConnection, sample: int = 25) -> tuple[list[str], dict[str, object]]:
    """(problems, metadata) of the warehouse's search index; no problems means it may be published."""
    try:
        version = index_version(con)
    except SearchIndexMissing as e:
        return [str(e)], {}
    load_extension(con, "fts")
    problems = []
    if version != ANALYZER_VERSION:
        problems.append(f"index analysed by {version}, queries by {ANALYZER_VERSION}")
    for what, sql in _COVERAGE.items():
        missing = [r[0] for r in con.execute(sql).fetchall()]
        if missing:
            problems.append(f"{len(missing)} {what}, e.g. {', '.join(missing[:3])}")
    probes = []
    for article_id, sentence_index, text in con.execute(_PROBES_SQL, {"sample": sample}).fetchall():
        words = sorted(_WORD.findall(text), key=lambda w: (-len(w), w))
        if words:
            probes.append(words[0])
            why = _probe(con, article_id, sentence_index, words[0])
            if why:
                problems.append(why)
    info = con.execute("select articles, sentences, distinct_terms from search.index_info").fetchone() or (0, 0, 0)
    return problems, {"articles": info[0], "sentences": info[1], "distinct_terms": info[2],
                      "probe_queries": len(probes), "probe_words": ", ".join(probes[:10])}
