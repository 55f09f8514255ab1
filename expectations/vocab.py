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
# utf-8-lossy: UTF-8 with a few undecodable bytes replaced (kept, but worth a warning).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1256", "utf-8-lossy")
LOSSY_ENCODINGS = ("utf-8-lossy",)
INGEST_STATUSES = ("ingested", "duplicate", "quarantined")
QUARANTINE_REASONS = ("empty", "binary", "undecodable", "not_arabic", "too_short", "too_large", "malformed_json",
                      "missing_text", "unreadable", "unsupported_type")

# Article size.  The hard bounds mirror the ingester's gates (orchestration/ingestion): an article
# has at least MIN_LETTERS letters (else ``too_short``) and comes from at most MAX_BYTES bytes
# (else ``too_large``); a decoded text never has more characters than its file had bytes, so
# char_count <= MAX_CHARS.  Violations mean a gate was bypassed.  The soft bounds only warn: under
# 200 characters is legal (a wire one-liner) but often truncated HTML extraction; over 200,000 is
# usually a concatenated archive page rather than one article.
MIN_LETTERS = 80
MAX_CHARS = 5 * 1024 * 1024
SOFT_MIN_CHARS, SOFT_MAX_CHARS = 200, 200_000

# An article must be mostly Arabic: share of its letters (Unicode category L*) in Arabic script
# (the ingester's ``not_arabic`` gate uses the same threshold).
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
