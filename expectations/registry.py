"""Which suites exist, what table each one guards, and how to name a failing row.

The lead's Dagster code creates one asset check per entry: ``table`` says which asset the check
belongs to (``schema.table`` in the warehouse DuckDB file), ``stage`` groups them, ``row_id``
are the columns printed for failing rows so an operator can find them in the warehouse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import great_expectations as gx

from expectations.suites import extract, marts, raw, ref

SuiteBuilder = Callable[[dt.date], gx.ExpectationSuite]


@dataclass(frozen=True, slots=True)
class SuiteSpec:
    """One suite: its builder, the table it validates, its stage and its row identifiers."""

    name: str
    build: SuiteBuilder
    table: str
    stage: str
    row_id: tuple[str, ...]


def _spec(build: SuiteBuilder, table: str, *row_id: str) -> SuiteSpec:
    return SuiteSpec(build.__name__, build, table, table.split(".", 1)[0], row_id)


_ART = "article_id"
SUITES: dict[str, SuiteSpec] = {s.name: s for s in (
    _spec(raw.raw_articles, "raw.articles", _ART),
    _spec(raw.raw_quarantine, "raw.quarantine", "source_uri"),
    _spec(raw.raw_ingest_log, "raw.ingest_log", "source_uri"),
    _spec(ref.ref_actors, "ref.actors", "actor_id"),
    _spec(ref.ref_actor_aliases, "ref.actor_aliases", "actor_id", "alias"),
    _spec(ref.ref_locations, "ref.locations", "location_id"),
    _spec(extract.extract_article_meta, "extract.article_meta", _ART),
    _spec(extract.extract_sentences, "extract.sentences", _ART, "sentence_index"),
    _spec(extract.extract_actor_mentions, "extract.actor_mentions", _ART, "mention_index"),
    _spec(extract.extract_unverified_actors, "extract.unverified_actors", "actor_id", _ART),
    _spec(extract.extract_place_mentions, "extract.place_mentions", _ART, "mention_index"),
    _spec(extract.extract_incident_frames, "extract.incident_frames", _ART, "frame_index"),
    _spec(extract.extract_incident_actors, "extract.incident_actors", _ART, "frame_index", "actor_id", "role"),
    _spec(extract.extract_claims, "extract.claims", _ART, "claim_index"),
    _spec(extract.extract_claim_actors, "extract.claim_actors", _ART, "claim_index", "actor_id", "role"),
    _spec(marts.dim_articles, "marts.dim_articles", _ART),
    _spec(marts.dim_actors, "marts.dim_actors", "actor_id"),
    _spec(marts.dim_actor_aliases, "marts.dim_actor_aliases", "actor_id", "alias"),
    _spec(marts.dim_locations, "marts.dim_locations", "location_id"),
    _spec(marts.fct_incidents, "marts.fct_incidents", "incident_id"),
    _spec(marts.fct_incident_reports, "marts.fct_incident_reports", "incident_id", _ART, "char_start"),
    _spec(marts.bridge_incident_actors, "marts.bridge_incident_actors", "incident_id", "actor_id", "role", _ART),
    _spec(marts.fct_actor_mentions, "marts.fct_actor_mentions", _ART, "char_start", "actor_id"),
    _spec(marts.fct_claims, "marts.fct_claims", "claim_id", _ART),
    _spec(marts.bridge_claim_actors, "marts.bridge_claim_actors", "claim_id", "actor_id", "role"),
)}


def spec(suite_name: str) -> SuiteSpec:
    """The registered suite, or a KeyError that lists the valid names."""
    try:
        return SUITES[suite_name]
    except KeyError:
        raise KeyError(f"unknown suite {suite_name!r}; known suites: {', '.join(SUITES)}") from None
