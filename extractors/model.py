"""What extraction produces for one article: plain dataclasses, every fact with original offsets.

The field names mirror the ``extract.*`` warehouse tables (orchestration/sql/warehouse_schema.sql);
:func:`ArticleExtraction.table_rows` is the single place that turns an extraction into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class SentenceOut:
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    is_boilerplate: bool


@dataclass(slots=True)
class ActorMention:
    mention_index: int
    actor_id: str
    surface: str
    sentence_index: int
    char_start: int
    char_end: int
    match_kind: str  # alias | context | cue


@dataclass(slots=True)
class UnverifiedActor:
    actor_id: str
    name_ar: str
    actor_type: str
    cue: str


@dataclass(slots=True)
class PlaceMention:
    mention_index: int
    location_id: str
    surface: str
    sentence_index: int
    char_start: int
    char_end: int
    role: str  # struck | launch | mention


@dataclass(slots=True)
class IncidentFrame:
    frame_index: int
    is_background: bool
    event_type: str
    weapon: str | None
    incident_date: dt.date | None
    date_precision: str
    date_text: str | None
    location_id: str | None
    launch_location_id: str | None
    target_name: str | None
    target_type: str | None
    munitions_min: int | None
    munitions_max: int | None
    intercepted: int | None
    killed_min: int | None
    killed_max: int | None
    injured_min: int | None
    injured_max: int | None
    civilian_casualties: bool | None
    claim_status: str
    sentence_index: int
    char_start: int
    char_end: int
    evidence_text: str
    confidence: float


@dataclass(slots=True)
class IncidentActor:
    frame_index: int
    actor_id: str
    role: str


@dataclass(slots=True)
class Claim:
    claim_index: int
    sentence_index: int
    char_start: int
    char_end: int
    frame_index: int | None
    speaker_actor_id: str | None
    speaker_text: str | None
    speaker_anonymous: bool
    claim_type: str
    predicate: str
    via_actor_id: str | None
    quote_text: str | None
    claim_date: dt.date | None
    confidence: float


@dataclass(slots=True)
class ClaimActor:
    claim_index: int
    actor_id: str
    role: str  # accused | denied_for | condemned | credited | mentioned


@dataclass(slots=True)
class ArticleExtraction:
    published_date: dt.date | None
    published_date_source: str  # metadata | inferred | unknown
    outlet: str | None
    sentences: list[SentenceOut] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    unverified_actors: list[UnverifiedActor] = field(default_factory=list)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    incidents: list[IncidentFrame] = field(default_factory=list)
    incident_actors: list[IncidentActor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    claim_actors: list[ClaimActor] = field(default_factory=list)

    def table_rows(self, article_id: str, extractor_version: str, extracted_at: dt.datetime) -> dict[str, list[dict]]:
        """Rows for each ``extract.*`` table, keyed by table name."""

        def rows(items: list) -> list[dict]:
            return [{"article_id": article_id, **asdict(x)} for x in items]

        return {
            "article_meta": [{
                "article_id": article_id, "extractor_version": extractor_version,
                "published_date": self.published_date, "published_date_source": self.published_date_source,
                "outlet": self.outlet, "n_sentences": len(self.sentences), "extracted_at": extracted_at}],
            "sentences": rows(self.sentences),
            "actor_mentions": rows(self.actor_mentions),
            "unverified_actors": rows(self.unverified_actors),
            "place_mentions": rows(self.place_mentions),
            "incident_frames": rows(self.incidents),
            "incident_actors": rows(self.incident_actors),
            "claims": rows(self.claims),
            "claim_actors": rows(self.claim_actors),
        }


EXTRACT_TABLES = ("article_meta", "sentences", "actor_mentions", "unverified_actors", "place_mentions",
                  "incident_frames", "incident_actors", "claims", "claim_actors")
