"""Extract stage: what the extractors found in each article (``extract.*``).

The extract tables are the warehouse's evidence: each row points at characters of
``raw.articles.text``.  The central rule is provenance (offsets inside the article, stored text
equal to the text they point at); then the closed vocabularies, plausible dates and counts, and
references to the dictionaries.
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx
from great_expectations.expectations import Expectation

from expectations import vocab
from expectations.suites.helpers import (
    WARNING,
    build,
    confidence,
    counts,
    dates,
    flag,
    indexes,
    key,
    matches,
    not_null,
    one_of,
    ranges,
    span,
)

_SHOW_SPAN = ("char_start", "char_end", "surface", "span_text")


def _mention_rules(show: tuple[str, ...] = _SHOW_SPAN) -> list[Expectation]:
    """Rules shared by actor and place mentions."""
    return (indexes("mention_index", "sentence_index") + span(show)
            + flag("surface_ok", "surface must equal the article text at [char_start, char_end)", show=show)
            + flag("sentence_ok", "sentence_index must name a sentence of the article", show=("sentence_index",))
            # The extractor falls back to sentence 0 when a position is in no sentence: a wrong index,
            # not a wrong span, so it warns.
            + flag("in_sentence_ok", "a mention should start inside its sentence",
                   show=("sentence_index", "char_start"), severity=WARNING))


def extract_sentences(today: dt.date) -> gx.ExpectationSuite:
    """Sentences tile the article in order; their text is the article's."""
    return build(
        "extract_sentences",
        key("article_id", "sentence_index"),
        not_null("char_start", "char_end", "is_boilerplate"),
        indexes("sentence_index"),
        span(),
        flag("text_ok", "sentence text must equal the article text at [char_start, char_end)",
             show=("char_start", "char_end")),
        flag("order_ok", "sentences must not overlap and must follow reading order", show=("char_start",)),
    )


def extract_actor_mentions(today: dt.date) -> gx.ExpectationSuite:
    """Actor mentions: exact surfaces, known actors, closed match kinds."""
    return build(
        "extract_actor_mentions",
        key("article_id", "mention_index"),
        not_null("actor_id", "surface", "sentence_index", "char_start", "char_end", "match_kind"),
        one_of("match_kind", vocab.MATCH_KINDS),
        _mention_rules(),
        flag("actor_ok", "actor_id must be in ref.actors or extract.unverified_actors", show=("actor_id",)),
    )


def extract_place_mentions(today: dt.date) -> gx.ExpectationSuite:
    """Place mentions: exact surfaces, gazetteer places, closed roles."""
    return build(
        "extract_place_mentions",
        key("article_id", "mention_index"),
        not_null("location_id", "surface", "sentence_index", "char_start", "char_end", "role"),
        one_of("role", vocab.PLACE_ROLES),
        _mention_rules(),
        flag("location_ok", "location_id must be in ref.locations", show=("location_id",)),
    )


def extract_incident_frames(today: dt.date) -> gx.ExpectationSuite:
    """Incident frames: exact evidence, closed vocabularies, sane dates and counts."""
    show = ("char_start", "char_end", "evidence_text")
    return build(
        "extract_incident_frames",
        key("article_id", "frame_index"),
        not_null("is_background", "event_type", "date_precision", "claim_status", "sentence_index", "char_start",
                 "char_end", "evidence_text"),
        indexes("frame_index", "sentence_index"),
        one_of("event_type", vocab.EVENT_TYPES),
        one_of("weapon", vocab.WEAPONS),
        one_of("target_type", vocab.TARGET_TYPES),
        one_of("date_precision", vocab.DATE_PRECISIONS),
        one_of("claim_status", vocab.CLAIM_STATUSES),
        dates(today, "incident_date"),
        flag("date_precision_ok", "an incident without a date must have date_precision 'unknown'",
             show=("incident_date", "date_precision")),
        counts("munitions_min", "munitions_max", "intercepted", "killed_min", "killed_max", "injured_min",
               "injured_max"),
        ranges("munitions", "killed", "injured"),
        confidence(),
        span(show),
        flag("evidence_ok", "evidence_text must equal the article text at [char_start, char_end)", show=show),
        flag("sentence_ok", "sentence_index must name a sentence of the article", show=("sentence_index",)),
        flag("location_ok", "location_id must be in ref.locations", show=("location_id",)),
        flag("launch_location_ok", "launch_location_id must be in ref.locations", show=("launch_location_id",)),
    )


def extract_incident_actors(today: dt.date) -> gx.ExpectationSuite:
    """Who did what in a frame: closed roles, known frame and actor."""
    return build(
        "extract_incident_actors",
        key("article_id", "frame_index", "actor_id", "role"),
        one_of("role", vocab.INCIDENT_ROLES),
        flag("frame_ok", "(article_id, frame_index) must name an incident frame"),
        flag("actor_ok", "actor_id must be in ref.actors or extract.unverified_actors"),
    )


def extract_claims(today: dt.date) -> gx.ExpectationSuite:
    """Claims: span inside the article, closed types, known frames and actors."""
    show = ("char_start", "char_end", "predicate")
    return build(
        "extract_claims",
        key("article_id", "claim_index"),
        not_null("sentence_index", "char_start", "char_end", "speaker_anonymous", "claim_type", "predicate"),
        indexes("claim_index", "sentence_index", "frame_index"),
        one_of("claim_type", vocab.CLAIM_TYPES),
        dates(today, "claim_date"),
        confidence(),
        span(show),
        flag("sentence_ok", "sentence_index must name a sentence of the article", show=("sentence_index",)),
        flag("frame_ok", "frame_index must name an incident frame of the same article", show=("frame_index",)),
        flag("speaker_actor_ok", "speaker_actor_id must be a known actor", show=("speaker_actor_id",)),
        flag("via_actor_ok", "via_actor_id must be a known actor", show=("via_actor_id",)),
        flag("anonymous_ok", "an anonymous speaker cannot have a speaker_actor_id", show=("speaker_actor_id",)),
        # Free-text fields "as written" are not offset-anchored, so a mismatch is a warning.
        flag("predicate_ok", "the reporting verb should occur, as written, inside the claim span", show=show,
             severity=WARNING),
        flag("speaker_text_ok", "speaker_text should occur, as written, in the article", show=("speaker_text",),
             severity=WARNING),
        flag("quote_ok", "quote_text should occur, as written, in the article", show=("quote_text",),
             severity=WARNING),
    )


def extract_claim_actors(today: dt.date) -> gx.ExpectationSuite:
    """Whom a claim is about: closed roles, known claim and actor."""
    return build(
        "extract_claim_actors",
        key("article_id", "claim_index", "actor_id", "role"),
        one_of("role", vocab.CLAIM_ROLES),
        flag("claim_ok", "(article_id, claim_index) must name a claim"),
        flag("actor_ok", "actor_id must be in ref.actors or extract.unverified_actors"),
    )


def extract_article_meta(today: dt.date) -> gx.ExpectationSuite:
    """Per-article extraction summary: consistent with sentences and with the raw metadata."""
    return build(
        "extract_article_meta",
        key("article_id"),
        not_null("extractor_version", "published_date_source", "n_sentences", "extracted_at"),
        one_of("published_date_source", vocab.DATE_SOURCES),
        dates(today, "published_date"),
        flag("article_ok", "every extracted article must exist in raw.articles"),
        flag("n_sentences_ok", "n_sentences must equal the article's rows in extract.sentences",
             show=("n_sentences",)),
        flag("date_source_ok", "published_date is null exactly when published_date_source is 'unknown'",
             show=("published_date", "published_date_source")),
        flag("metadata_date_ok", "a 'metadata' date must equal raw.articles.meta_published_date",
             show=("published_date",)),
    )


def extract_unverified_actors(today: dt.date) -> gx.ExpectationSuite:
    """Cue-found organisations missing from the dictionary."""
    return build(
        "extract_unverified_actors",
        key("actor_id", "article_id"),
        not_null("name_ar", "actor_type", "cue"),
        matches("actor_id", r"^unv_", "unverified ids are 'unv_' || hash"),
        one_of("actor_type", vocab.ACTOR_TYPES),
        flag("article_ok", "the article it was found in must exist"),
        flag("not_in_dictionary_ok", "an unverified actor must not shadow a dictionary actor"),
    )
