"""One article prepared for the frame and claim extractors.

Normalises the text once, splits sentences, runs the actor and place dictionaries and the date
finder over the whole article (so that short forms resolve against names given earlier), and
gives every sentence its slice of each.  All positions here are *normalised* offsets; the
pipeline converts to original offsets only when it emits facts.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from .dates import DateMention, find_dates
from .dictionaries import actor_matcher, location_matcher
from .matcher import Match
from .normalize import NormalizedText, normalize
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

    @property
    def text(self) -> str:
        return self.nt.text

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


def build_document(text: str, published: dt.date | None) -> Document:
    nt = normalize(text)
    views = []
    for s in split_sentences(text):
        views.append(SentenceView(index=s.index, start=s.start, end=s.end, nstart=_norm_index(nt, s.start),
                                  nend=_norm_index(nt, s.end), is_boilerplate=s.is_boilerplate,
                                  is_headline=s.is_headline))
    actors = actor_matcher().find(nt)
    places = location_matcher().find(nt)
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
