"""Ref stage: the actor dictionary and the gazetteer loaded from ``extractors/data``.

Hand-edited dictionaries drift (typos in a type, a parent that was renamed); every mention
and incident resolves against them, so they are checked like data, not trusted like code.
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx

from expectations import vocab
from expectations.suites.helpers import WARNING, between, build, flag, key, matches, not_null, one_of


def ref_actors(today: dt.date) -> gx.ExpectationSuite:
    """Canonical actors: typed from the closed list, parents resolvable."""
    return build(
        "ref_actors",
        key("actor_id"),
        not_null("name_ar", "actor_type", "is_collective", "verified"),
        one_of("actor_type", vocab.ACTOR_TYPES),
        flag("parent_ok", "parent_actor_id must name another dictionary actor", show=("parent_actor_id",)),
    )


def ref_actor_aliases(today: dt.date) -> gx.ExpectationSuite:
    """Aliases: each (actor, alias) once, attached to a dictionary actor."""
    return build(
        "ref_actor_aliases",
        key("actor_id", "alias"),
        flag("actor_ok", "an alias must belong to a dictionary actor"),
    )


def ref_locations(today: dt.date) -> gx.ExpectationSuite:
    """Gazetteer: typed, coordinates on the globe, precision consistent with the type."""
    return build(
        "ref_locations",
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
