"""Incident frames: attack triggers and their arguments, merged across an article's sentences.

A sentence *mentions an event* when it has an event phrase ("هجوم صاروخي"), or a weapon next to
an attack word or verb ("سقطت ثلاثة صواريخ"), or an attack word next to a target.  Mentions are
grouped into frames in reading order:

* the first mention opens the article's main frame;
* a later mention joins an existing frame when it is compatible with it: same weapon family (or
  none stated), no conflicting explicit date, and no different specific place unless it refers
  back to the event with a definite noun ("الصواريخ", "الهجوم");
* a mention with a background marker ("بعد واقعة", "منذ مقتل", "في مطلع 2020") or an
  incompatible one opens a new frame; frames opened by background markers are flagged
  ``is_background`` (recorded, but not the article's news).

Sentences without a trigger that refer back to the current event ("وأسفر الهجوم عن …",
"أربعة من الصواريخ سقطت …") still contribute figures, places and dates to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import DateMention
from .document import Document, SentenceView
from .lexicon import PhraseMatcher, flip, load_lexicon
from .matcher import Match
from .numbers import Figures, extract_figures, merge_figures

WEAPON_EVENT = {"rocket": "rocket_attack", "katyusha": "rocket_attack", "grad": "rocket_attack",
                "missile": "rocket_attack", "drone": "drone_attack", "ied": "ied_attack", "mortar": "shelling",
                "airstrike": "airstrike", "gunfire": "armed_clash"}
WEAPON_FAMILY = {"rocket": "rocket", "katyusha": "rocket", "grad": "rocket", "missile": "rocket", "drone": "drone",
                 "ied": "ied", "mortar": "mortar", "airstrike": "airstrike", "gunfire": "gunfire", "other": "other"}
EVENT_DEFAULT_WEAPON = {"rocket_attack": "rocket", "drone_attack": "drone", "ied_attack": "ied", "shelling": "mortar",
                        "airstrike": "airstrike", "armed_clash": "gunfire"}
# most specific first: a frame keeps the most specific weapon any of its sentences gives
WEAPON_SPECIFICITY = ["katyusha", "grad", "missile", "drone", "ied", "mortar", "airstrike", "rocket", "gunfire",
                      "other"]
_DEFINITE_REF = re.compile(r"(?<!\w)[وفبلك]{0,2}(?:ال|لل)(?:هجوم|هجمات|قصف|صواريخ|صاروخ|استهداف|عمليه|ضربه|ضربات|"
                           r"طائرات|طائره|مسيرات|مسيره|عبوه|انفجار|تفجير|اعتداء|حادث|حادثه|واقعه)(?!\w)")
_ARREST_OBJECT = re.compile(r"(?:عناصر|عنصر|متهم|متهمين|خليه|منفذي|مشتبه|اشخاص|شخص|مطلوب|مطلوبين|قيادي|\d+)")


@dataclass(slots=True)
class EventMention:
    sentence: SentenceView
    pos: int  # normalised offset of the trigger
    end: int
    event_type: str
    weapon: str | None
    background: bool
    definite: bool
    explicit_date: DateMention | None
    struck_places: list[Match]
    launch_places: list[Match]


@dataclass(slots=True)
class FrameDraft:
    mentions: list[EventMention]
    sentences: list[SentenceView] = field(default_factory=list)
    is_background: bool = False

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    @property
    def weapon(self) -> str | None:
        weapons = [m.weapon for m in self.mentions if m.weapon]
        return min(weapons, key=WEAPON_SPECIFICITY.index) if weapons else None

    @property
    def family(self) -> str | None:
        w = self.weapon
        return WEAPON_FAMILY.get(w) if w else None

    @property
    def event_type(self) -> str:
        types = [m.event_type for m in self.mentions if m.event_type != "attack"]
        if types:
            return types[0]
        w = self.weapon
        return WEAPON_EVENT.get(w, "attack") if w else "attack"


@lru_cache(maxsize=1)
def _lex() -> dict:
    lex = load_lexicon("events")
    return {
        "weapons": PhraseMatcher(flip(lex["weapons"])),
        "events": PhraseMatcher(flip(lex["event_phrases"])),
        "attack_tokens": PhraseMatcher({w: True for w in lex["attack_words"]["tokens"]}),
        "attack_verbs": PhraseMatcher({w: True for w in lex["attack_words"]["verbs_prefix"]}, prefix=True),
        "launch": PhraseMatcher({w: True for w in lex["launch_cues"]}),
        "background": PhraseMatcher({w: True for w in lex["background_cues"]}),
        "targets": PhraseMatcher(flip(lex["targets"])),
    }


def _place_roles(doc: Document, s: SentenceView) -> tuple[list[Match], list[Match]]:
    """Split a sentence's places into (struck/mentioned, launch) by the cue right before them."""
    lex = _lex()
    text = doc.text
    launch_hits = lex["launch"].finditer(text, s.nstart, s.nend)
    struck, launch = [], []
    for p in s.places:
        is_launch = False
        for h in launch_hits:
            # the place follows a launch cue closely, with at most a few words in between
            if h.end <= p.norm_start and p.norm_start - h.end <= 30 and "،" not in text[h.end:p.norm_start]:
                is_launch = True
        (launch if is_launch else struck).append(p)
    return struck, launch


def detect_event(doc: Document, s: SentenceView) -> EventMention | None:
    """The sentence's event mention, or None when it does not report an attack."""
    if s.is_boilerplate:
        return None
    lex = _lex()
    text = doc.text
    events = lex["events"].finditer(text, s.nstart, s.nend)
    weapons = lex["weapons"].finditer(text, s.nstart, s.nend)
    attack = lex["attack_tokens"].finditer(text, s.nstart, s.nend) + lex["attack_verbs"].finditer(text, s.nstart,
                                                                                                    s.nend)
    targets = lex["targets"].finditer(text, s.nstart, s.nend)
    event_type = None
    anchor = None
    if events:
        anchor = events[0]
        event_type = anchor.value
        if event_type == "arrest" and not _ARREST_OBJECT.search(text, anchor.end, min(s.nend, anchor.end + 40)):
            event_type, anchor = None, None
    weapon = None
    if weapons:
        weapon = min((w.value for w in weapons), key=WEAPON_SPECIFICITY.index)
        if anchor is None and (attack or targets):
            anchor = weapons[0]
            event_type = WEAPON_EVENT.get(weapon, "attack")
    if anchor is None and attack and targets:
        anchor = attack[0]
        event_type = "attack"
    if anchor is None or event_type is None:
        return None
    if weapon is None:
        weapon = EVENT_DEFAULT_WEAPON.get(event_type)
    elif event_type in EVENT_DEFAULT_WEAPON \
            and WEAPON_FAMILY[weapon] != WEAPON_FAMILY[EVENT_DEFAULT_WEAPON[event_type]]:
        # "هجوم بطائرة مسيرة" with a rocket word elsewhere: the event phrase decides
        if event_type not in ("armed_clash",):
            weapon = EVENT_DEFAULT_WEAPON[event_type]
    background = bool(lex["background"].finditer(text, s.nstart, s.nend))
    definite = bool(_DEFINITE_REF.search(text, s.nstart, s.nend)) and not events
    struck, launch = _place_roles(doc, s)
    dated = [d for d in s.dates if d.date is not None or d.month is not None]
    explicit = min(dated, key=lambda d: abs(d.start - anchor.start)) if dated else None
    return EventMention(sentence=s, pos=anchor.start, end=anchor.end, event_type=event_type, weapon=weapon,
                        background=background, definite=definite, explicit_date=explicit,
                        struck_places=struck, launch_places=launch)


def _dates_conflict(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return False
    return abs((a.date - b.date).days) > 1


def _place_ids(places: list[Match]) -> set[str]:
    return {p.entity_id for p in places}


def _compatible(frame: FrameDraft, em: EventMention, ancestors) -> bool:
    fam = WEAPON_FAMILY.get(em.weapon) if em.weapon else None
    if frame.family and fam and fam != frame.family:
        return False
    if any(_dates_conflict(m.explicit_date, em.explicit_date) for m in frame.mentions):
        return False
    if em.definite or not em.struck_places:
        return True
    frame_places = set().union(*(_place_ids(m.struck_places) for m in frame.mentions))
    if not frame_places:
        return True
    for pid in _place_ids(em.struck_places):
        if any(pid == fp or fp in ancestors(pid) or pid in ancestors(fp) for fp in frame_places):
            return True
    return False


def group_frames(doc: Document, ancestors) -> list[FrameDraft]:
    """Event mentions → frame drafts, with the non-trigger sentences that refer back to them."""
    frames: list[FrameDraft] = []
    current: FrameDraft | None = None
    for s in doc.sentences:
        em = detect_event(doc, s)
        if em is None:
            if current is not None and not s.is_boilerplate and _DEFINITE_REF.search(doc.text, s.nstart, s.nend):
                current.sentences.append(s)
            continue
        target = None
        if not em.background:
            if current is not None and not current.is_background and _compatible(current, em, ancestors):
                target = current
            else:
                target = next((f for f in frames if not f.is_background and _compatible(f, em, ancestors)), None)
        else:
            target = next((f for f in frames if f.is_background and _compatible(f, em, ancestors)
                           and (em.struck_places or em.definite)), None)
        if target is None:
            target = FrameDraft(mentions=[], is_background=em.background and bool(frames))
            if em.background and not frames:
                # an article whose first event sentence is background still has that event as news
                # only when nothing else follows; decided after grouping
                target.is_background = True
            frames.append(target)
        target.mentions.append(em)
        target.sentences.append(s)
        current = target
    # an article that only mentions background events: the first one is its subject after all
    if frames and all(f.is_background for f in frames):
        frames[0].is_background = False
    return frames


def frame_date(frame: FrameDraft) -> DateMention | None:
    """The explicit date nearest a trigger, first from trigger sentences, then from the others."""
    for m in frame.mentions:
        if m.explicit_date is not None:
            return m.explicit_date
    for s in frame.sentences:
        dated = [d for d in s.dates if d.date is not None]
        if dated:
            return dated[0]
    return None


def frame_figures(doc: Document, frame: FrameDraft) -> Figures:
    seen: set[int] = set()
    figs = []
    for s in frame.sentences:
        if s.index in seen:
            continue
        seen.add(s.index)
        figs.append(extract_figures(doc.sentence_text(s)))
    return merge_figures(figs)


def frame_places(frame: FrameDraft, precision) -> tuple[Match | None, Match | None]:
    """(struck place, launch place): the trigger sentence's first place, refined by a more
    specific place in the same sentence; launch: the most specific place after a launch cue."""
    struck = launch = None
    for m in frame.mentions:
        if struck is None and m.struck_places:
            struck = min(m.struck_places, key=lambda p: (precision(p.entity_id), p.norm_start))
        if launch is None and m.launch_places:
            launch = min(m.launch_places, key=lambda p: (precision(p.entity_id), p.norm_start))
    if struck is None:
        for s in frame.sentences:
            if s.places:
                struck = s.places[0]
                break
    return struck, launch


def frame_target(doc: Document, frame: FrameDraft) -> tuple[str | None, str | None]:
    """(target name as written, target type) from the target lexicon, nearest after a trigger."""
    lex = _lex()
    for m in frame.mentions:
        s = m.sentence
        hits = lex["targets"].finditer(doc.text, s.nstart, s.nend)
        if hits:
            after = [h for h in hits if h.start >= m.pos] or hits
            h = after[0]
            return doc.nt.original_span(h.start, h.end), h.value
    return None, None


def date_precision(d: DateMention | None) -> tuple[dt.date | None, str]:
    """Contract precision (day | month | year | unknown) for a date mention."""
    if d is None or d.date is None:
        return None, "unknown"
    if d.precision in ("day", "month", "year"):
        return d.date, d.precision
    return d.date, "unknown"  # week / approx: a best estimate, flagged as not exact
