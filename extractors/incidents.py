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
# katyusha and grad are equally specific: the first one named wins (min() keeps the first on ties)
_SPECIFICITY_RANK = {"katyusha": 0, "grad": 0, "missile": 1, "drone": 1, "ied": 1, "mortar": 1, "airstrike": 1,
                     "rocket": 2, "gunfire": 2, "other": 3}
_DEFINITE_REF = re.compile(r"(?<!\w)[وفبلك]{0,2}(?:ال|لل)(?:هجوم|قصف|صواريخ|صاروخ|استهداف|عمليه|ضربه|"
                           r"طائرات|طائره|مسيرات|مسيره|عبوه|انفجار|تفجير|اعتداء|حادث|حادثه|واقعه)(?!\w)")
# "أكثر من ستين هجوماً", "عشرات الهجمات": a tally of attacks, not one incident
_AGGREGATE = re.compile(r"(?<!\w)(?:\d+|عشرات|سلسله|موجه|عده|مئات|ستين|خمسين|اربعين|ثلاثين|عشرين|سبعين|ثمانين|"
                        r"تسعين|مئه|عشره)\s+(?:هجوما|هجمات|ضربات|عمليات|استهدافات|هجوم)(?!\w)"
                        r"|(?<!\w)(?:ل|ب)?(?:هجمات|ضربات|عمليات|استهدافات)\s+(?:\S+\s+)?"
                        r"(?:متكرره|متتاليه|متواصله|عديده|مماثله|متزايده|شبه يوميه)(?!\w)")
# "وكانت القاعدة قد تعرضت …": the pluperfect tells of an earlier event
_PLUPERFECT = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+(?:\S+\s+){0,4}?قد\s+\S+")
BACKGROUND_REACH = 40  # a background marker governs an event word at most this many characters after it
STALE_DAYS = 30  # an event dated this long before publication is background
_COUNTRY_LEVEL: set[str] = set()  # filled by group_frames from the gazetteer precision
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
    weapon_in_text: bool = False
    has_figures: bool = False
    statement_date: DateMention | None = None  # a date that dates a statement in the sentence, not the event

    @property
    def specific(self) -> bool:
        """Concrete enough to be an incident of its own (not "the attacks on US forces" in general)."""
        dated = self.explicit_date is not None and self.explicit_date.precision in ("day", "month")
        placed = any(p.entity_id not in _COUNTRY_LEVEL for p in self.struck_places + self.launch_places)
        evidence = sum((self.weapon_in_text, dated, placed, self.has_figures))
        return evidence >= (2 if self.event_type == "attack" else 1)


@dataclass(slots=True)
class FrameDraft:
    mentions: list[EventMention]
    sentences: list[SentenceView] = field(default_factory=list)
    is_background: bool = False
    # sentences that refer to the event in passing while describing another one: they link
    # claims to it but give it no figures, places or dates
    context_sentences: list[SentenceView] = field(default_factory=list)

    @property
    def first(self) -> EventMention:
        return self.mentions[0]

    @property
    def weapon(self) -> str | None:
        weapons = [m.weapon for m in self.mentions if m.weapon]
        return min(weapons, key=lambda w: _SPECIFICITY_RANK[w]) if weapons else None

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
    inside_actor = [(a.norm_start, a.norm_end) for a in s.actors]
    for p in s.places:
        if any(a <= p.norm_start and p.norm_end <= b for a, b in inside_actor):
            continue  # "المقاومة الإسلامية في العراق", "الميليشيات المدعومة من إيران": a name, not a place
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
    inside_actor = [(a.norm_start, a.norm_end) for a in s.actors]

    def free(h) -> bool:  # "ميليشيات الكاتيوشا" names a group, it does not report rockets
        return not any(a <= h.start and h.end <= b for a, b in inside_actor)

    events = [h for h in lex["events"].finditer(text, s.nstart, s.nend) if free(h)]
    weapons = [h for h in lex["weapons"].finditer(text, s.nstart, s.nend) if free(h)]
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
        weapon = min((w.value for w in weapons), key=lambda w: _SPECIFICITY_RANK[w])
        if anchor is None and (attack or targets):
            anchor = weapons[0]
            event_type = WEAPON_EVENT.get(weapon, "attack")
    if anchor is None and attack and targets:
        anchor = attack[0]
        event_type = "attack"
    if anchor is None or event_type is None:
        return None
    if _AGGREGATE.search(text, s.nstart, s.nend):
        return None
    if weapon is None:
        weapon = EVENT_DEFAULT_WEAPON.get(event_type)
    elif event_type in EVENT_DEFAULT_WEAPON \
            and WEAPON_FAMILY[weapon] != WEAPON_FAMILY[EVENT_DEFAULT_WEAPON[event_type]]:
        # "هجوم بطائرة مسيرة" with a rocket word elsewhere: the event phrase decides
        if event_type not in ("armed_clash",):
            weapon = EVENT_DEFAULT_WEAPON[event_type]
    cues = lex["background"].finditer(text, s.nstart, s.nend)
    background = any(h.end <= anchor.start and anchor.start - h.end <= BACKGROUND_REACH for h in cues) or any(
        m.start() < anchor.start for m in _PLUPERFECT.finditer(text, s.nstart, s.nend))
    definite = anchor.phrase.startswith("ال") or text[max(s.nstart, anchor.start - 2):anchor.start] in ("ال", "لل") \
        or any(m.start() < anchor.start for m in _DEFINITE_REF.finditer(text, s.nstart, s.nend))
    struck, launch = _place_roles(doc, s)
    # "بعد واقعة الرضوانية …": an event at a place named right after a background marker is background
    if any(0 <= p.norm_start - h.end <= 25 for h in cues for p in struck):
        background = True
    explicit, statement_date = _event_date(doc, s, anchor.start)
    if explicit is not None and explicit.date is not None and doc.published is not None \
            and (doc.published - explicit.date).days > STALE_DAYS:
        background = True  # dated weeks before the article: recalled, not reported
    figs = extract_figures(text[s.nstart:s.nend])
    has_figures = any(f is not None and f.min for f in (figs.munitions, figs.killed, figs.injured))
    return EventMention(sentence=s, pos=anchor.start, end=anchor.end, event_type=event_type, weapon=weapon,
                        background=background, definite=definite, explicit_date=explicit,
                        struck_places=struck, launch_places=launch, weapon_in_text=bool(weapons),
                        has_figures=has_figures, statement_date=statement_date)


def _event_date(doc: Document, s: SentenceView, anchor: int) -> tuple[DateMention | None, DateMention | None]:
    """The sentence's date for the event at ``anchor``: the nearest one, skipping statement dates
    ("استنكرت السفارة، الأربعاء، الهجوم …": the weekday dates the condemnation, not the attack)."""
    from .claims import speech_verbs  # local import: claims imports this module's neighbours

    dated = [d for d in s.dates if d.date is not None or d.month is not None]
    verbs = speech_verbs().finditer(doc.text, s.nstart, anchor)
    event_dates = [d for d in dated
                   if not any(v.end <= d.start < anchor and d.start - v.end <= 60 for v in verbs)]
    nearest = min(event_dates, key=lambda d: abs(d.start - anchor)) if event_dates else None
    return nearest, (dated[0] if dated and nearest is None else None)


def _dates_conflict(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return False
    return abs((a.date - b.date).days) > 1


def _place_ids(places: list[Match]) -> set[str]:
    return {p.entity_id for p in places}


def _fit(frame: FrameDraft, em: EventMention, ancestors) -> int | None:
    """How well a mention fits a frame: None when incompatible, else a score (higher is better).

    Incompatible: another weapon family, an explicit date more than a day apart, or a different
    specific place (neither contains the other) for a mention that does not refer back with a
    definite noun.  Score: +2 shared place, +2 same weapon family, +1 definite reference.
    """
    fam = WEAPON_FAMILY.get(em.weapon) if em.weapon else None
    if frame.family and fam and fam != frame.family:
        return None
    if frame.is_background and em.event_type not in ("attack", frame.event_type) \
            and frame.event_type != "attack" and not (fam and fam == frame.family):
        return None
    if any(_dates_conflict(m.explicit_date, em.explicit_date) for m in frame.mentions):
        return None
    score = 0
    frame_places = {p.entity_id for m in frame.mentions for p in m.struck_places} - _COUNTRY_LEVEL
    em_places = _place_ids(em.struck_places) - _COUNTRY_LEVEL
    if frame_places and em_places:
        related = any(pid == fp or fp in ancestors(pid) or pid in ancestors(fp)
                      for pid in em_places for fp in frame_places)
        if related:
            score += 2
        elif not em.definite:
            return None
    if fam and fam == frame.family:
        score += 2
    if em.definite:
        score += 1
    return score


def group_frames(doc: Document, ancestors, precision=None) -> list[FrameDraft]:
    """Event mentions → frame drafts, with the non-trigger sentences that refer back to them."""
    if precision is not None and not _COUNTRY_LEVEL:
        _COUNTRY_LEVEL.update(pid for p in doc.places if precision(pid := p.entity_id) >= 4)
    elif precision is not None:
        _COUNTRY_LEVEL.update(p.entity_id for p in doc.places if precision(p.entity_id) >= 4)
    frames: list[FrameDraft] = []
    current: FrameDraft | None = None
    for s in doc.sentences:
        em = detect_event(doc, s)
        if em is None:
            if current is not None and not s.is_boilerplate and _DEFINITE_REF.search(doc.text, s.nstart, s.nend):
                current.sentences.append(s)
            continue
        pool = [f for f in frames if f.is_background == em.background] if em.background else \
            [f for f in frames if not f.is_background]
        scored = [(sc, -i, f) for i, f in enumerate(pool) if (sc := _fit(f, em, ancestors)) is not None]
        if em.background and not (em.struck_places or em.definite):
            scored = [x for x in scored if x[0] >= 2]
        target = max(scored, key=lambda x: (x[0], x[1]))[2] if scored else None
        if target is None and not em.specific:
            # too vague to be an incident of its own; a definite reference still belongs to the main event
            main = next((f for f in frames if not f.is_background), None)
            if em.definite and main is not None and _fit(main, em, ancestors) is not None:
                main.sentences.append(s)
            continue
        if target is None:
            target = FrameDraft(mentions=[], is_background=em.background)
            frames.append(target)
        target.mentions.append(em)
        target.sentences.append(s)
        if em.background and _DEFINITE_REF.search(doc.text, s.nstart, em.pos):
            # "الهجوم الذي تبنته … بعد اغتيال X": the sentence is about the current event too
            main = next((f for f in frames if not f.is_background), None)
            if main is not None and main is not target:
                main.context_sentences.append(s)
        current = target if not target.is_background else current
    # "ومنذ الضربات الجوية الأمريكية …" before the strikes are reported: a definite, undated
    # background mention of the same kind of event is the main event referred to ahead of time
    for bg in [f for f in frames if f.is_background]:
        if not all(m.definite and m.explicit_date is None
                   and not (_place_ids(m.struck_places) - _COUNTRY_LEVEL) for m in bg.mentions):
            continue  # a dated or placed background event ("واقعة الرضوانية") is an event of its own
        main = next((f for f in frames if not f.is_background and f.family == bg.family
                     and all(_fit(f, m, ancestors) is not None for m in bg.mentions)), None)
        if main is not None:
            main.mentions.extend(bg.mentions)
            main.sentences.extend(bg.sentences)
            frames.remove(bg)
    # an article that only mentions background events: the first one is its subject after all
    if frames and all(f.is_background for f in frames):
        frames[0].is_background = False
    return frames


def frame_date(frame: FrameDraft) -> DateMention | None:
    """The explicit date nearest a trigger, first from trigger sentences, then from the others."""
    for m in frame.mentions:
        if m.explicit_date is not None:
            return m.explicit_date
    for m in frame.mentions:
        if m.statement_date is not None:
            return m.statement_date  # the attack was reported that day: the best bound we have
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


def frame_places(frame: FrameDraft, precision, ancestors=lambda _id: set()) -> tuple[Match | None, Match | None]:
    """(struck place, launch place): the most precise place any trigger sentence gives (earliest on a
    tie), countries only when nothing finer is named; launch: likewise among places after launch cues."""
    struck_cands = [p for m in frame.mentions for p in m.struck_places]
    launch_cands = [p for m in frame.mentions for p in m.launch_places]
    if not struck_cands:
        struck_cands = [p for s in frame.sentences for p in s.places]
    struck = _most_precise(struck_cands, precision, ancestors)
    launch = _most_precise(launch_cands, precision, ancestors)
    return struck, launch


def _most_precise(cands: list[Match], precision, ancestors) -> Match | None:
    """The most precise place, earliest on a tie; a building inside a named area yields to the area
    ("منزل رئيس الحكومة في المنطقة الخضراء" → the Green Zone; the building is the target)."""
    if not cands:
        return None
    best = min(precision(p.entity_id) for p in cands)
    top = [p for p in cands if precision(p.entity_id) == best]
    ids = {p.entity_id for p in top}
    areas = [p for p in top if not (ancestors(p.entity_id) & ids)]
    return min(areas or top, key=lambda p: p.norm_start)


def frame_target(doc: Document, frame: FrameDraft) -> tuple[str | None, str | None]:
    """(target name as written, target type) from the target lexicon, nearest after a trigger."""
    lex = _lex()
    for m in frame.mentions:
        s = m.sentence
        hits = lex["targets"].finditer(doc.text, s.nstart, s.nend)
        if hits:
            after = [h for h in hits if h.start >= m.pos] or hits
            h = after[0]
            start = h.start - 2 if doc.text[h.start - 2:h.start] == "ال" else h.start
            return doc.nt.original_span(start, h.end), h.value
    return None, None


def date_precision(d: DateMention | None) -> tuple[dt.date | None, str]:
    """Contract precision (day | month | year | unknown) for a date mention."""
    if d is None or d.date is None:
        return None, "unknown"
    if d.precision in ("day", "month", "year"):
        return d.date, d.precision
    return d.date, "unknown"  # week / approx: a best estimate, flagged as not exact
