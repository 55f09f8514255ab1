"""The fusion score: how much evidence says that two incident frames from different articles describe
one real-world incident.

It is additive and every part of it is stored (``fusion.frame_pairs``), so an analyst can redo any
decision by hand instead of trusting a black box::

    score = 0.35·date + 0.35·place + 0.15·means + 0.10·target + 0.05·actors      (each part 0..1)

A pair *matches* when ``score >= THRESHOLD`` and no veto applies.  Something unknown (no place, no
weapon) scores 0: it is no evidence either way.  A contradiction is a veto: the two frames can
never be one incident, whatever the rest says.

date    (by precision; year-only and undated frames are too vague to fuse at all)
        same day 1.0 · adjacent day 0.5 (late-night attacks, "yesterday" resolved a day off)
        · a day inside the other's month 0.3 · same month 0.3 · otherwise veto ``dates_apart``
place   (gazetteer hierarchy, ``ref.locations.parent_location_id``)
        same place 1.0 · one inside a site 0.9 · two sites/neighbourhoods of the same town within
        5 km 0.7 · one inside a town/district 0.6 · inside a governorate 0.5 · inside a country 0.2
        · unknown 0 · otherwise veto ``places_apart``.  A frame that names no place is read in
        the place of its article's other news (a recap "the attack on the base last Tuesday" in
        an article about that base): when that place is the other frame's (same, inside a site,
        nearby) it scores 0.5, and it never vetoes
means   (weapon, else what the event type implies)
        same 1.0 · same family (katyusha/grad/rocket; mortar/shelling) 0.8 · both indirect fire
        (rockets, shells, missiles) 0.4 · unknown 0 · otherwise veto ``different_means``
target  same target type 1.0 · different or unknown 0
actors  a perpetrator, target or victim in common (parents count: a facade and the organisation
        it is attributed to) 1.0 · otherwise 0

Two frames of the same article are never one incident (an article that tells two events told two).
With these weights the same day at the same site is enough on its own (0.70); a one-day gap or a
place that only contains the other needs corroboration from weapon, target or actors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

SCORER_VERSION = "fusion-2"  # fusion-2: identical accounts scored once (one node), see cluster.py
WEIGHTS: dict[str, float] = {"date": 0.35, "place": 0.35, "means": 0.15, "target": 0.10, "actors": 0.05}
THRESHOLD = 0.55
# A frame whose best matches (within this margin) cannot be one incident is ambiguous and not fused.
AMBIGUITY_MARGIN = 0.05
NEARBY_KM = 5.0

DATE_SCORES = {"same_day": 1.0, "adjacent_day": 0.5, "day_in_month": 0.3, "same_month": 0.3}
PLACE_SCORES = {"same": 1.0, "within_site": 0.9, "nearby": 0.7, "within_town": 0.6, "within_governorate": 0.5,
                "article_place": 0.5, "within_country": 0.2, "unknown": 0.0}
_SITE_LEVEL = ("same", "within_site", "nearby")
MEANS_SCORES = {"same": 1.0, "same_family": 0.8, "related": 0.4, "unknown": 0.0}
TARGET_SCORES = {"same": 1.0, "different": 0.0, "unknown": 0.0}
ACTOR_SCORES = {"shared": 1.0, "none_shared": 0.0}

FUSABLE_PRECISIONS = ("day", "month")
_LEVEL = {1: "site", 2: "town", 3: "governorate", 4: "country"}
_FAMILY = {"rocket": "rocket", "katyusha": "rocket", "grad": "rocket", "mortar": "shell", "shelling": "shell"}
_INDIRECT_FIRE = {"rocket", "katyusha", "grad", "mortar", "shelling", "missile"}
_EVENT_MEANS = {"rocket_attack": "rocket", "drone_attack": "drone", "ied_attack": "ied", "shelling": "shelling",
                "airstrike": "airstrike", "armed_clash": "gunfire"}


def frame_key(article_id: str, frame_index: int) -> str:
    """The frame's stable key, equal to dbt's ``incident_frame_key`` macro (and to the incident id of
    a frame that is its own incident)."""
    return hashlib.md5(f"{article_id}:incident:{frame_index}".encode()).hexdigest()


@dataclass(frozen=True)
class Frame:
    """One article's account of one event: the fields of ``extract.incident_frames`` fusion compares,
    the reporting article's date, and the actors involved (with their parent organisations)."""

    article_id: str
    frame_index: int
    event_type: str
    incident_date: dt.date | None
    date_precision: str
    location_id: str | None = None
    weapon: str | None = None
    # the one place the article's other located foreground frames name, if they agree on one
    context_location_id: str | None = None
    target_type: str | None = None
    actor_ids: frozenset[str] = field(default_factory=frozenset)
    published_date: dt.date | None = None
    is_background: bool = False

    @property
    def key(self) -> str:
        return frame_key(self.article_id, self.frame_index)

    @property
    def report_order(self) -> tuple:
        """Earliest-reported first (undated articles last); ties by article and frame."""
        return (self.published_date is None, self.published_date or dt.date.max, self.article_id, self.frame_index)

    @property
    def means(self) -> str | None:
        """How it was done: the weapon, else what the event type implies; an arrest is its own kind."""
        if self.event_type == "arrest":
            return "arrest"
        if self.weapon and self.weapon != "other":
            return self.weapon
        return _EVENT_MEANS.get(self.event_type)

    def window(self) -> tuple[dt.date, dt.date] | None:
        """Dates the incident may fall on (a day gets one day of slack); None when too vague to fuse."""
        if self.incident_date is None or self.date_precision not in FUSABLE_PRECISIONS:
            return None
        d = self.incident_date
        if self.date_precision == "day":
            return d - dt.timedelta(days=1), d + dt.timedelta(days=1)
        last = calendar.monthrange(d.year, d.month)[1]
        return d.replace(day=1), d.replace(day=last)


def signature(frame: Frame) -> tuple:
    """Everything :func:`score_pair` reads of a frame besides its article: two frames with equal
    signatures from different articles score the same against any third frame."""
    return (frame.means, frame.incident_date, frame.date_precision, frame.location_id,
            None if frame.location_id else frame.context_location_id, frame.target_type, tuple(sorted(frame.actor_ids)))


@dataclass(frozen=True)
class Place:
    """A gazetteer row (``ref.locations``): enough to walk up the hierarchy and measure distance."""

    location_id: str
    parent_location_id: str | None
    geo_precision: int
    latitude: float | None = None
    longitude: float | None = None


class Gazetteer:
    """The place hierarchy: how two struck places relate (same, one inside the other, nearby, apart)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = {p.location_id: p for p in places}
        self._ancestors = cache(self._walk_up)
        self._related: dict[str, frozenset[str | None]] = {}

    def _walk_up(self, location_id: str) -> tuple[str, ...]:
        out: list[str] = []
        parent = self._places[location_id].parent_location_id
        while parent is not None and parent in self._places and parent not in out and parent != location_id:
            out.append(parent)
            parent = self._places[parent].parent_location_id
        return tuple(out)

    def __contains__(self, location_id: object) -> bool:
        return location_id in self._places

    def related(self, location_id: str) -> frozenset[str | None]:
        """The gazetteer places a place can be one incident with (not apart), and None (no place)."""
        if location_id not in self._related:
            self._related[location_id] = frozenset(
                [None, *(x for x in self._places if self.relation(location_id, x) is not None)])
        return self._related[location_id]

    def relation(self, a: str | None, b: str | None) -> str | None:
        """``same``, ``within_<level>``, ``nearby``, ``unknown``, or None when the places are apart.

        (``article_place`` is decided in :func:`score_pair`, from the frames' article context.)"""
        if a is None or b is None or a not in self._places or b not in self._places:
            return "unknown"
        if a == b:
            return "same"
        for inner, outer in ((a, b), (b, a)):
            if outer in self._ancestors(inner):
                return "within_" + _LEVEL.get(self._places[outer].geo_precision, "country")
        pa, pb = self._places[a], self._places[b]
        if (pa.geo_precision == 1 and pb.geo_precision == 1 and pa.parent_location_id is not None
                and pa.parent_location_id == pb.parent_location_id and _km(pa, pb) <= NEARBY_KM):
            return "nearby"
        return None


def _km(a: Place, b: Place) -> float:
    """Great-circle distance; infinite when a coordinate is missing."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class PairScore:
    """The score of one pair of frames, part by part (a row of ``fusion.frame_pairs``)."""

    a: Frame
    b: Frame
    date_relation: str
    date_gap_days: int | None
    place_relation: str
    means_relation: str
    target_relation: str
    actor_relation: str
    veto: str | None

    @property
    def parts(self) -> dict[str, float]:
        return {"date": DATE_SCORES.get(self.date_relation, 0.0),
                "place": PLACE_SCORES.get(self.place_relation, 0.0),
                "means": MEANS_SCORES.get(self.means_relation, 0.0),
                "target": TARGET_SCORES[self.target_relation],
                "actors": ACTOR_SCORES[self.actor_relation]}

    @property
    def score(self) -> float:
        return round(sum(WEIGHTS[k] * v for k, v in self.parts.items()), 4)

    @property
    def is_match(self) -> bool:
        return self.veto is None and self.score >= THRESHOLD


def _date_relation(a: Frame, b: Frame) -> tuple[str, int | None]:
    if a.window() is None or b.window() is None:
        return "too_vague", None
    da, db = a.incident_date, b.incident_date
    assert da is not None and db is not None
    if a.date_precision == b.date_precision == "day":
        gap = abs((da - db).days)
        return {0: "same_day", 1: "adjacent_day"}.get(gap, "apart"), gap
    if (da.year, da.month) != (db.year, db.month):
        return "apart", None
    return ("same_month" if a.date_precision == b.date_precision else "day_in_month"), None


def _means_relation(a: Frame, b: Frame) -> str:
    ma, mb = a.means, b.means
    if ma is None or mb is None:
        return "unknown"
    if ma == mb:
        return "same"
    if _FAMILY.get(ma, ma) == _FAMILY.get(mb, mb):
        return "same_family"
    if ma in _INDIRECT_FIRE and mb in _INDIRECT_FIRE:
        return "related"
    return "different"


def score_pair(a: Frame, b: Frame, gazetteer: Gazetteer) -> PairScore:
    """Score two frames (in either order; the result is ordered by article and frame index)."""
    if (b.article_id, b.frame_index) < (a.article_id, a.frame_index):
        a, b = b, a
    date_relation, gap = _date_relation(a, b)
    place_relation = gazetteer.relation(a.location_id, b.location_id)
    if place_relation == "unknown" and gazetteer.relation(
            a.location_id or a.context_location_id, b.location_id or b.context_location_id) in _SITE_LEVEL:
        place_relation = "article_place"
    means_relation = _means_relation(a, b)
    if a.target_type is None or b.target_type is None:
        target_relation = "unknown"
    else:
        target_relation = "same" if a.target_type == b.target_type else "different"
    actor_relation = "shared" if a.actor_ids & b.actor_ids else "none_shared"
    veto = None
    if a.article_id == b.article_id:
        veto = "same_article"
    elif date_relation == "too_vague":
        veto = "date_too_vague"
    elif date_relation == "apart":
        veto = "dates_apart"
    elif place_relation is None:
        veto = "places_apart"
    elif means_relation == "different":
        veto = "different_means"
    return PairScore(a, b, date_relation, gap, place_relation or "apart", means_relation, target_relation,
                     actor_relation, veto)


def candidate_pairs(frames: Iterable[Frame], gazetteer: Gazetteer,
                    involving: frozenset[str] | None = None) -> Iterator[PairScore]:
    """Every pair of frames from different articles whose date windows overlap, scored.

    A sweep over the windows sorted by start, so only frames close in time are compared; frames too
    vague to fuse (year-only, undated) are never candidates.  Neither are two frames whose named
    places are apart in the gazetteer: such a pair could only be vetoed (``places_apart``), and the
    clustering treats a pair never scored exactly like a vetoed one, so skipping them changes no
    incident while sparing most of the pairs at scale (a month-precision recap overlaps every
    frame of its month).  The frames still in the sweep are kept by place, so a frame is only
    compared with those at places related to its own (or with no place).  With ``involving`` (frame
    keys), only pairs with at least one of those frames: what an incremental run has to score."""
    dated = sorted(((w, f) for f in frames if (w := f.window()) is not None),
                   key=lambda item: (item[0][0], item[1].article_id, item[1].frame_index))
    active: dict[str | None, list[tuple[tuple[dt.date, dt.date], Frame]]] = {}
    for window, frame in dated:
        frame_is_new = involving is None or frame.key in involving
        place = frame.location_id if frame.location_id in gazetteer else None  # unknown places relate to all
        places = active.keys() if place is None else gazetteer.related(place) & active.keys()
        for other_place in list(places):
            live = [(w, f) for w, f in active[other_place] if w[1] >= window[0]]
            active[other_place] = live
            for _, other in live:
                if other.article_id != frame.article_id and (frame_is_new or other.key in involving):
                    yield score_pair(other, frame, gazetteer)
        active.setdefault(place, []).append((window, frame))
