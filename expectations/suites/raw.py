"""Raw stage: what the ingester stored (``raw.articles``, ``raw.quarantine``, ``raw.ingest_log``).

These checks guard everything downstream: every offset in the warehouse points into
``raw.articles.text``, so the text, its length and its identity must be right here first.
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx

from expectations import vocab
from expectations.suites.helpers import (
    WARNING,
    between,
    build,
    dates,
    flag,
    key,
    matches,
    none_of,
    not_null,
    one_of,
)


def raw_articles(today: dt.date) -> gx.ExpectationSuite:
    """One row per distinct article, its text decoded, mostly Arabic, of sane length."""
    return build(
        "raw_articles",
        key("article_id"),
        matches("article_id", r"^[0-9a-f]{16}$", "first 16 hex chars of a sha256"),
        not_null("source_uri", "char_count", "encoding", "ingested_at"),
        flag("text_ok", "an article must have a non-empty text"),
        flag("char_count_ok", "char_count must equal length(text): every offset is checked against it",
             show=("char_count", "text_length")),
        between("letters", vocab.MIN_LETTERS, None, "fewer letters than the ingester's too_short gate allows"),
        between("char_count", 1, vocab.MAX_CHARS, "more characters than the ingester's too_large byte limit allows"),
        between("char_count", vocab.SOFT_MIN_CHARS, vocab.SOFT_MAX_CHARS,
                "suspicious length: truncated extraction or concatenated page?", WARNING),
        between("arabic_ratio", vocab.MIN_ARABIC_RATIO, 1,
                "at least half of the letters must be Arabic script (else quarantine as not_arabic)"),
        one_of("encoding", vocab.ENCODINGS, "the decoders the ingester knows"),
        none_of("encoding", vocab.LOSSY_ENCODINGS, "decoded with replaced bytes: some characters are lost", WARNING),
        dates(today, "meta_published_date"),
    )


def raw_quarantine(today: dt.date) -> gx.ExpectationSuite:
    """Every rejected input, once, with a reason from the closed list."""
    return build(
        "raw_quarantine",
        key("source_uri"),
        not_null("reason", "quarantined_at"),
        one_of("reason", vocab.QUARANTINE_REASONS, "quarantine reasons are a closed list"),
        flag("not_ingested_ok", "a quarantined input cannot also be the source of an article"),
    )


def raw_ingest_log(today: dt.date) -> gx.ExpectationSuite:
    """The reconciliation log: each input's fate points at the row that records it."""
    return build(
        "raw_ingest_log",
        key("source_uri"),
        not_null("status", "seen_at"),
        one_of("status", vocab.INGEST_STATUSES),
        flag("article_ok", "ingested/duplicate inputs must name an article present in raw.articles",
             show=("status", "article_id")),
        flag("quarantine_ok", "quarantined inputs must have a raw.quarantine row", show=("status",)),
    )
