"""Which suites exist, what table each one guards, and how to name a failing row.

``SUITES`` maps a suite name to ``SuiteSpec(builder, table, stage)`` (a named tuple, so
``for name, (builder, table, stage) in SUITES.items()`` works).  The Dagster code creates one
asset check per entry on the asset keyed ``table.split(".")``.  ``ROW_IDS`` names, per suite,
the columns printed for failing rows so an operator can find them in the warehouse.

Importing this module does not import Great Expectations (that costs seconds, and Dagster
imports the registry every time it loads the code location): each builder imports its suite
module, and with it GX, on first call.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import great_expectations as gx

SuiteBuilder = Callable[[dt.date], "gx.ExpectationSuite"]


class SuiteSpec(NamedTuple):
    """One suite: the function that builds it (given today's date), its table, its stage."""

    builder: SuiteBuilder
    table: str
    stage: str


_ART = "article_id"
# suite name (= builder in expectations/suites/<stage>.py), validated table, row identifiers
_ENTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("raw_articles", "raw.articles", (_ART,)),
    ("raw_quarantine", "raw.quarantine", ("source_uri",)),
    ("raw_ingest_log", "raw.ingest_log", ("source_uri",)),
    ("ref_actors", "ref.actors", ("actor_id",)),
    ("ref_actor_aliases", "ref.actor_aliases", ("actor_id", "alias")),
    ("ref_locations", "ref.locations", ("location_id",)),
    ("extract_article_meta", "extract.article_meta", (_ART,)),
    ("extract_sentences", "extract.sentences", (_ART, "sentence_index")),
    ("extract_actor_mentions", "extract.actor_mentions", (_ART, "mention_index")),
    ("extract_unverified_actors", "extract.unverified_actors", ("actor_id", _ART)),
    ("extract_place_mentions", "extract.place_mentions", (_ART, "mention_index")),
    ("extract_incident_frames", "extract.incident_frames", (_ART, "frame_index")),
    ("extract_incident_actors", "extract.incident_actors", (_ART, "frame_index", "actor_id", "role")),
    ("extract_claims", "extract.claims", (_ART, "claim_index")),
    ("extract_claim_actors", "extract.claim_actors", (_ART, "claim_index", "actor_id", "role")),
    ("dim_articles", "marts.dim_articles", (_ART,)),
    ("dim_actors", "marts.dim_actors", ("actor_id",)),
    ("dim_actor_aliases", "marts.dim_actor_aliases", ("actor_id", "alias")),
    ("dim_locations", "marts.dim_locations", ("location_id",)),
    ("fct_incidents", "marts.fct_incidents", ("incident_id",)),
    ("fct_incident_reports", "marts.fct_incident_reports", ("incident_id", _ART, "frame_index")),
    ("bridge_incident_actors", "marts.bridge_incident_actors", ("incident_id", "actor_id", "role", _ART)),
    ("fct_actor_mentions", "marts.fct_actor_mentions", (_ART, "mention_index")),
    ("fct_claims", "marts.fct_claims", ("claim_id", _ART, "claim_index")),
    ("bridge_claim_actors", "marts.bridge_claim_actors", ("claim_id", "actor_id", "role")),
)


def _lazy_builder(stage: str, name: str) -> SuiteBuilder:
    """``expectations.suites.<stage>.<name>``, imported when first called."""

    def builder(today: dt.date) -> gx.ExpectationSuite:
        return getattr(importlib.import_module(f"expectations.suites.{stage}"), name)(today)

    builder.__name__ = builder.__qualname__ = name
    builder.__doc__ = f"Build the {name!r} suite (expectations/suites/{stage}.py)."
    return builder


SUITES: dict[str, SuiteSpec] = {}
ROW_IDS: dict[str, tuple[str, ...]] = {}
for _name, _table, _ids in _ENTRIES:
    _stage = _table.split(".", 1)[0]
    SUITES[_name] = SuiteSpec(_lazy_builder(_stage, _name), _table, _stage)
    ROW_IDS[_name] = _ids


def spec(suite_name: str) -> SuiteSpec:
    """The registered suite, or a KeyError that lists the valid names."""
    try:
        return SUITES[suite_name]
    except KeyError:
        raise KeyError(f"unknown suite {suite_name!r}; known suites: {', '.join(SUITES)}") from None
