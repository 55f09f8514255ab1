"""One article prepared for the frame and claim extractors.

Normalises the text once, splits sentences, runs the actor and place dictionaries and the date
finder over the whole article (so that short forms resolve against names given earlier), and
gives every sentence its slice of each.  All positions here are *normalised* offsets; the
pipeline converts to original offsets only when it emits facts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import DateMention, find_dates
from .dictionaries import (
    actor_matcher,
    default_resolution_matcher,
    load_default_resolutions,
    load_locations,
    location_matcher,
    outlet_actor_ids,
)
from .matcher import Match, _skeleton
from .matcher import _key as _matcher_key
from .normalize import NormalizedText, normalize, normalize_term
from .numbers import Figures, extract_figures
from .sentences import split_sentences


@dataclass(slots=True)
class SentenceView:
    index: int
    start: int  # original offsets
    end: int
    nstart: int  # normalised offsets
    nend: int
    is_boilerplate: bool
    is_headline: bool
    actors: list[Match] = field(default_factory=list)
    places: list[Match] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    nt: NormalizedText
    sentences: list[SentenceView]
    actors: list[Match]
    places: list[Match]
    dates: list[DateMention]
    published: dt.date | None
    _figures: dict[tuple[int, int], Figures] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.nt.text

    def figures(self, nstart: int, nend: int) -> Figures:
        """Casualty and munition figures of a normalised span (a sentence or a clause), computed
        once: the frame extractor asks while detecting events and again while filling frames."""
        key = (nstart, nend)
        figs = self._figures.get(key)
        if figs is None:
            figs = self._figures[key] = extract_figures(self.nt.text[nstart:nend])
        return figs

    def sentence_text(self, s: SentenceView) -> str:
        return self.nt.text[s.nstart:s.nend]

    def sentence_at(self, norm_pos: int) -> SentenceView | None:
        starts = [s.nstart for s in self.sentences]
        i = bisect.bisect_right(starts, norm_pos) - 1
        if 0 <= i < len(self.sentences) and norm_pos < self.sentences[i].nend:
            return self.sentences[i]
        return None


def _norm_index(nt: NormalizedText, original_pos: int) -> int:
    """First normalised index whose source character is at or after ``original_pos``."""
    return bisect.bisect_left(nt.offsets, original_pos)


def _article_countries(places: list[Match]) -> frozenset[str]:
    """The country (countries on a tie) most of the article's place names lie in."""
    locs = load_locations()
    counts: dict[str, int] = {}
    for p in places:
        loc = locs.get(p.entity_id)
        if loc is not None and loc.country_code:
            counts[loc.country_code] = counts.get(loc.country_code, 0) + 1
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(c for c, n in counts.items() if n == top)


_WORD = re.compile(r"[\s\"“”«»]*(\w+)")
# adjectives after a short form that point at another body than the one in office
_OTHER_REFERENT = frozenset(normalize_term(w) for w in (
    "الجديدة", "الجديد", "المقبلة", "المقبل", "القادمة", "القادم", "المرتقبة", "المرتقب", "المؤقتة", "المؤقت",
    "السابقة", "السابق", "المنحلة", "المنتهية", "المستقيلة", "الانتقالية", "الانتقالي"))


@lru_cache(maxsize=4)
def _default_keys(rows: tuple) -> tuple[str, ...]:
    """Substrings one of which any match of a default-resolution alias contains (the matcher's key
    without its article, which a clitic may absorb)."""
    keys = (_matcher_key(r.alias) for r in rows)
    return tuple(k[2:] if k.startswith("ال") and len(k) > 4 else k for k in keys)


def _default_resolutions(nt: NormalizedText, actors: list[Match], places: list[Match]) -> list[Match]:
    """Short forms the dictionary could not resolve from context ("مجلس النواب", "التحالف",
    "الحكومة") resolved to their default actor (``actors/default_resolutions.csv``) when the article
    is about that actor's country and no other candidate was named before."""
    rows = load_default_resolutions()
    if not rows:
        return actors
    skeleton = _skeleton(nt.text)[0]  # (cached: the actor matcher made it)
    if not any(k in skeleton for k in _default_keys(rows)):
        return actors  # none of the short forms occurs: spare the matcher pass
    hits = default_resolution_matcher().find(nt)
    if not hits:
        return actors
    countries = _article_countries(places)
    taken = [(m.norm_start, m.norm_end) for m in actors]
    added = []
    for h in hits:
        row = rows[int(h.entity_id)]
        if row.countries and not (row.countries & countries):
            continue
        if any(a < h.norm_end and h.norm_start < b for a, b in taken):
            continue  # part of a longer name, or already resolved
        nxt = _WORD.match(nt.text, h.norm_end)
        if nxt and nxt.group(1) in _OTHER_REFERENT:
            continue  # "تشكيل الحكومة الجديدة": the next government, not the one in office
        head = normalize_term(row.alias)
        head = head[2:] if head.startswith("ال") else head
        if any(m.norm_end <= h.norm_start and m.entity_id != row.actor_id and head in normalize_term(m.alias)
               for m in actors):
            continue  # "حكومة إقليم كوردستان … الحكومة": another candidate is in context
        added.append(Match(entity_id=row.actor_id, start=h.start, end=h.end, surface=h.surface,
                           norm_start=h.norm_start, norm_end=h.norm_end, kind="context", alias=row.alias))
    return sorted(actors + added, key=lambda m: m.norm_start) if added else actors


def build_document(text: str, published: dt.date | None, outlet: str | None = None) -> Document:
    nt = normalize(text)
    views = []
    for s in split_sentences(text):
        views.append(SentenceView(index=s.index, start=s.start, end=s.end, nstart=_norm_index(nt, s.start),
                                  nend=_norm_index(nt, s.end), is_boilerplate=s.is_boilerplate,
                                  is_headline=s.is_headline))
    places = location_matcher().find(nt)
    actors = _default_resolutions(nt, actor_matcher().find(nt, context=outlet_actor_ids(outlet)), places)
    dates = find_dates(nt.text, published)
    doc = Document(nt=nt, sentences=views, actors=actors, places=places, dates=dates, published=published)
    for m in actors:
        if (sv := doc.sentence_at(m.norm_start)) is not None:
            sv.actors.append(m)
    for m in places:
        if (sv := doc.sentence_at(m.norm_start)) is not None:
            sv.places.append(m)
    for d in dates:
        if (sv := doc.sentence_at(d.start)) is not None:
            sv.dates.append(d)
    return doc
