"""Marts stage: the published contract in schema ``marts`` (see ``docs/marts.md``).

Analysts, dashboards and the scorer read these tables, so the suites check the contract
itself: the documented columns exist, keys are unique, vocabularies are the documented ones,
every reference resolves, and every fact traces back to an article and to a character span whose
text is what the fact says (provenance).
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx

from expectations import vocab
from expectations.suites.helpers import (
    WARNING,
    between,
    build,
    confidence,
    counts,
    dates,
    flag,
    has_columns,
    indexes,
    key,
    matches,
    not_null,
    one_of,
    ordered,
    ranges,
    span,
)

_FIGURES = ("munitions_min", "munitions_max", "intercepted", "killed_min", "killed_max", "injured_min",
            "injured_max")


def dim_articles(today: dt.date) -> gx.ExpectationSuite:
    """One row per de-duplicated raw article, no more, no less."""
    return build(
        "dim_articles",
        has_columns("article_id", "source_uri", "outlet", "title", "published_date", "published_date_source",
                    "char_count", "ingested_at"),
        key("article_id"),
        matches("article_id", r"^[0-9a-f]{16}$", "first 16 hex chars of a sha256"),
        flag("in_dim_ok", "every raw article must be in dim_articles"),
        flag("in_raw_ok", "every dim_articles row must be a raw article"),
        not_null("source_uri", "published_date_source", "char_count", "ingested_at"),
        one_of("published_date_source", vocab.DATE_SOURCES),
        dates(today, "published_date"),
        flag("char_count_ok", "char_count must equal the raw article's", show=("char_count",)),
        flag("date_source_ok", "published_date is null exactly when published_date_source is 'unknown'",
             show=("published_date", "published_date_source")),
    )


def dim_actors(today: dt.date) -> gx.ExpectationSuite:
    """Canonical actors with consistent mention statistics."""
    return build(
        "dim_actors",
        has_columns("actor_id", "name_ar", "name_en", "actor_type", "parent_actor_id", "affiliation",
                    "mention_count", "article_count", "first_seen_date", "last_seen_date"),
        key("actor_id"),
        not_null("name_ar", "actor_type"),
        one_of("actor_type", vocab.ACTOR_TYPES),
        flag("parent_ok", "parent_actor_id must name another canonical actor", show=("parent_actor_id",)),
        between("mention_count", 0, None, "a count cannot be negative"),
        between("article_count", 0, None, "a count cannot be negative"),
        ordered("article_count", "mention_count", "an actor cannot be in more articles than it has mentions"),
        dates(today, "first_seen_date", "last_seen_date"),
        ordered("first_seen_date", "last_seen_date", "first_seen_date cannot follow last_seen_date"),
    )


def dim_actor_aliases(today: dt.date) -> gx.ExpectationSuite:
    """Surface forms of canonical actors."""
    return build(
        "dim_actor_aliases",
        has_columns("actor_id", "alias"),
        key("actor_id", "alias"),
        flag("actor_ok", "an alias must belong to a canonical actor"),
    )


def dim_locations(today: dt.date) -> gx.ExpectationSuite:
    """Gazetteer as published."""
    return build(
        "dim_locations",
        has_columns("location_id", "name_ar", "name_en", "location_type", "admin1", "country_code", "latitude",
                    "longitude", "geo_precision", "parent_location_id"),
        key("location_id"),
        not_null("name_ar", "location_type", "geo_precision"),
        one_of("location_type", vocab.LOCATION_TYPES),
        one_of("geo_precision", vocab.GEO_PRECISIONS, "1 site .. 4 country"),
        between("latitude", -90, 90, "latitude in degrees"),
        between("longitude", -180, 180, "longitude in degrees"),
        matches("country_code", r"^[A-Z]{2}$", "ISO 3166-1 alpha-2"),
        flag("parent_ok", "parent_location_id must name another location", show=("parent_location_id",)),
        flag("precision_ok", "geo_precision should follow location_type", show=("location_type", "geo_precision"),
             severity=WARNING),
    )


def fct_incidents(today: dt.date) -> gx.ExpectationSuite:
    """Fused incidents: closed vocabularies, sane figures, reported by real articles."""
    return build(
        "fct_incidents",
        has_columns("incident_id", "incident_date", "date_precision", "event_type", "weapon", "location_id",
                    "launch_location_id", "target_name", "target_type", *_FIGURES, "civilian_casualties",
                    "claim_status", "n_articles", "n_outlets", "first_reported_date", "confidence"),
        key("incident_id"),
        not_null("event_type", "date_precision", "claim_status", "n_articles"),
        one_of("event_type", vocab.EVENT_TYPES),
        one_of("weapon", vocab.WEAPONS),
        one_of("target_type", vocab.TARGET_TYPES),
        one_of("date_precision", vocab.DATE_PRECISIONS),
        one_of("claim_status", vocab.CLAIM_STATUSES),
        dates(today, "incident_date", "first_reported_date"),
        flag("date_precision_ok", "an incident without a date must have date_precision 'unknown'",
             show=("incident_date", "date_precision")),
        ordered("incident_date", "first_reported_date", "an incident is not reported before it happens",
                severity=WARNING),
        counts(*_FIGURES),
        ranges("munitions", "killed", "injured"),
        between("n_articles", 1, None, "an incident is reported by at least one article"),
        ordered("n_outlets", "n_articles", "an incident cannot have more outlets than articles"),
        confidence(),
        flag("reported_ok", "every incident must have a row in fct_incident_reports (provenance)"),
        flag("n_articles_ok", "n_articles must equal the distinct articles in fct_incident_reports",
             show=("n_articles", "n_reporting")),
        flag("first_reported_ok", "first_reported_date should be the earliest reporting article's date",
             show=("first_reported_date",), severity=WARNING),
        flag("location_ok", "location_id must be in dim_locations", show=("location_id",)),
        flag("launch_location_ok", "launch_location_id must be in dim_locations", show=("launch_location_id",)),
    )


def fct_incident_reports(today: dt.date) -> gx.ExpectationSuite:
    """Per-article evidence of each incident (one row per extracted frame): the provenance of
    every fused figure, with the figures this article gave."""
    show = ("char_start", "char_end", "evidence_text")
    return build(
        "fct_incident_reports",
        has_columns("incident_id", "article_id", "sentence_index", "char_start", "char_end", "evidence_text",
                    "munitions_min", "munitions_max", "killed_min", "killed_max"),
        key("article_id", "frame_index"),
        not_null("incident_id", "sentence_index", "evidence_text"),
        indexes("frame_index", "sentence_index"),
        flag("incident_ok", "incident_id must be in fct_incidents"),
        span(show),
        flag("evidence_ok", "evidence_text must equal the article text at [char_start, char_end)", show=show),
        one_of("event_type", vocab.EVENT_TYPES),
        one_of("weapon", vocab.WEAPONS),
        one_of("target_type", vocab.TARGET_TYPES),
        one_of("date_precision", vocab.DATE_PRECISIONS),
        one_of("claim_status", vocab.CLAIM_STATUSES),
        dates(today, "incident_date", "published_date"),
        counts(*_FIGURES),
        ranges("munitions", "killed", "injured"),
        confidence(),
    )


def bridge_incident_actors(today: dt.date) -> gx.ExpectationSuite:
    """Who did what in an incident, and which article said so."""
    return build(
        "bridge_incident_actors",
        has_columns("incident_id", "actor_id", "role", "article_id"),
        key("incident_id", "actor_id", "role", "article_id"),
        one_of("role", vocab.INCIDENT_ROLES),
        flag("incident_ok", "incident_id must be in fct_incidents"),
        flag("actor_ok", "actor_id must be in dim_actors"),
        flag("article_ok", "article_id must be in dim_articles"),
        flag("report_ok", "the article that says so must report the incident (fct_incident_reports)"),
    )


def fct_actor_mentions(today: dt.date) -> gx.ExpectationSuite:
    """Every actor mention, as written, where it is written."""
    show = ("char_start", "char_end", "surface", "span_text")
    return build(
        "fct_actor_mentions",
        has_columns("article_id", "actor_id", "surface", "sentence_index", "char_start", "char_end"),
        key("mention_id"),
        key("article_id", "mention_index"),
        not_null("actor_id", "surface", "sentence_index"),
        indexes("mention_index", "sentence_index"),
        one_of("match_kind", vocab.MATCH_KINDS),
        span(show),
        flag("surface_ok", "surface must equal the article text at [char_start, char_end)", show=show),
        flag("actor_ok", "actor_id must be in dim_actors", show=("actor_id",)),
    )


def fct_claims(today: dt.date) -> gx.ExpectationSuite:
    """Statements: typed, attributed, anchored in the article."""
    return build(
        "fct_claims",
        has_columns("claim_id", "article_id", "sentence_index", "char_start", "char_end", "incident_id",
                    "speaker_actor_id", "speaker_text", "speaker_anonymous", "claim_type", "predicate",
                    "subject_actor_ids", "via_actor_id", "quote_text", "claim_date", "confidence"),
        key("claim_id"),
        key("article_id", "claim_index"),
        not_null("sentence_index", "char_start", "char_end", "speaker_anonymous", "claim_type",
                 "predicate"),
        indexes("sentence_index"),
        one_of("claim_type", vocab.CLAIM_TYPES),
        dates(today, "claim_date"),
        confidence(),
        span(("char_start", "char_end", "predicate")),
        flag("incident_ok", "incident_id must be in fct_incidents", show=("incident_id",)),
        flag("incident_link_ok", "a claim about an extracted frame must carry that frame's incident_id",
             show=("frame_index", "incident_id")),
        flag("speaker_actor_ok", "speaker_actor_id must be in dim_actors", show=("speaker_actor_id",)),
        flag("via_actor_ok", "via_actor_id must be in dim_actors", show=("via_actor_id",)),
        flag("anonymous_ok", "an anonymous speaker cannot have a speaker_actor_id", show=("speaker_actor_id",)),
        flag("subjects_known_ok", "every subject_actor_ids entry must be in dim_actors"),
        flag("subjects_bridged_ok", "every subject_actor_ids entry must be in bridge_claim_actors"),
    )


def bridge_claim_actors(today: dt.date) -> gx.ExpectationSuite:
    """Whom each claim accuses, denies for, condemns or credits."""
    return build(
        "bridge_claim_actors",
        has_columns("claim_id", "actor_id", "role"),
        key("claim_id", "actor_id", "role"),
        one_of("role", vocab.CLAIM_ROLES),
        flag("claim_ok", "claim_id must be in fct_claims"),
        flag("actor_ok", "actor_id must be in dim_actors"),
    )
