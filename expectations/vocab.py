"""Closed vocabularies and sanity bounds shared by every suite.

The vocabularies are copied from the marts contract (``docs/marts.md``) and the comments of
``orchestration/sql/warehouse_schema.sql``; extractors write the same values that the marts
publish, so extract and marts suites check against the same lists.  Changing a list here is a
contract change: update the docs and the dbt ``accepted_values`` tests with it.
"""

from __future__ import annotations

import datetime as dt

ACTOR_TYPES = ("militia", "person", "political_party", "government", "state", "state_military",
               "security_force", "coalition", "media", "organization", "other")
EVENT_TYPES = ("rocket_attack", "drone_attack", "ied_attack", "shelling", "airstrike", "armed_clash",
               "assassination", "arrest", "attack", "other")
WEAPONS = ("rocket", "katyusha", "grad", "missile", "drone", "ied", "mortar", "gunfire", "airstrike", "other")
TARGET_TYPES = ("diplomatic", "military_us_coalition", "military_iraqi", "government_official", "civilian",
                "infrastructure", "militia", "other")
CLAIM_TYPES = ("responsibility_claim", "denial", "accusation", "condemnation", "threat", "report", "statement",
               "demand")
CLAIM_STATUSES = ("claimed", "unclaimed", "disputed", "disowned")
DATE_PRECISIONS = ("day", "month", "year", "unknown")
INCIDENT_ROLES = ("claimed_perpetrator", "alleged_perpetrator", "target", "victim", "denier", "responder")
CLAIM_ROLES = ("accused", "denied_for", "condemned", "credited", "mentioned")
LOCATION_TYPES = ("country", "governorate", "district", "city", "neighbourhood", "site")
GEO_PRECISIONS = (1, 2, 3, 4)
MATCH_KINDS = ("alias", "context", "cue")
PLACE_ROLES = ("struck", "launch", "mention")
DATE_SOURCES = ("metadata", "inferred", "unknown")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1256")
INGEST_STATUSES = ("ingested", "duplicate", "quarantined")
QUARANTINE_REASONS = ("empty", "undecodable", "not_arabic", "too_large", "malformed_json", "missing_text",
                      "unreadable", "unsupported_type")

# Article length, in characters (Python ``len`` == DuckDB ``length``: code points).
# Hard floor 20: below that a text cannot name an actor, an event and a place, so it is a
# parsing failure rather than news.  Hard ceiling 2,000,000 (~4 MB of UTF-8 Arabic): the ingester
# must quarantine anything bigger as ``too_large``.  Between the hard and the soft bounds the row
# is legal but suspicious (a wire one-liner under 200 chars is often truncated HTML extraction;
# over 200,000 chars is usually a concatenated archive page), so it only warns.
MIN_CHARS, SOFT_MIN_CHARS = 20, 200
MAX_CHARS, SOFT_MAX_CHARS = 2_000_000, 200_000

# An article must be mostly Arabic: share of its letters (Unicode category L*) in Arabic script.
MIN_ARABIC_RATIO = 0.5

# Casualty and munition counts above this are almost always a mis-parsed number (a year, a
# phone number) rather than one incident in the covered conflicts; warn, do not fail.
SOFT_MAX_COUNT = 10_000

# The corpus covers post-1990 Arabic news; nothing can be dated after tomorrow (one day of slack
# absorbs time zones between the newsroom, the extractor and this process).
FIRST_DATE = dt.datetime(1990, 1, 1)


def last_date(today: dt.date | None = None) -> dt.datetime:
    """Latest plausible date: tomorrow.

    A ``datetime`` (not a ``date``) because DuckDB dates arrive in pandas as ``datetime64`` and
    GX 1.24 raises ``Cannot compare Timestamp with datetime.date`` for ``date`` bounds.
    """
    day = (today or dt.date.today()) + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day)
