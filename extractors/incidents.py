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
"أربعة من الصواريخ سقطت …") still contribute figures, places and dates to it; a site they name
inside the country or governorate the trigger gave refines the frame's place.

A sentence that reports two attacks with different weapons at unrelated places ("الأول بستة صواريخ
على حقل كونيكو، والثاني بطائرة مسيّرة على حقل العمر") gives one mention per clause.  An attack
dated "بعد يومين من هجوم …" is dated N days before its clause's date (or the main event's).
Attacks planned or feared ("بالتخطيط لهجمات", "تحسباً لضربات") and tallies are no events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .dates import DateMention
from .document import Document, SentenceView
from .lexicon import PhraseMatcher, flip, load_lexicon
from .matcher import Match
from .normalize import normalize_term
from .numbers import Figures, merge_figures

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
                        r"(?:متكرره|متتاليه|متواصله|عديده|عده|مماثله|متزايده|شبه يوميه)(?!\w)"
                       r"|(?<!\w)[وبل]?(?:وتيره|تصاعد|تزايد|تكرار|سلسله|موجه)\s+(?:ال)?(?:هجمات|ضربات|عمليات|استهدافات)"
                       r"(?!\w)")
# "لهجمات بعبوات ناسفة" recalled in passing: an undated indefinite plural is a series, not an incident
_GENERIC_PLURAL = ("هجمات", "عمليات", "استهدافات", "اعتداءات")
# "وكانت القاعدة قد تعرضت …": the pluperfect tells of an earlier event
_PLUPERFECT = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+(?:\S+\s+){0,4}?قد\s+\S+")
BACKGROUND_REACH = 40  # a background marker governs an event word at most this many characters after it
STALE_DAYS = 30  # an event dated this long before publication is background
_COUNTRY_LEVEL: set[str] = set()  # filled by group_frames from the gazetteer precision
# "بعد يومين من هجوم …": an event dated N days before the clause's date (a statement date in the
# sentence, else the article's main event); built from the date lexicon's number words
_INTERVAL_DAYS_TEMPLATE = (r"(?<!\w)بعد\s+(?:(?:نحو|قرابه|حوالي)\s+)?(?:(?P<one>يوم(?:\s+واحد)?)|(?P<two>يومين)"
                           r"|(?P<n>\d{{1,2}}|{small})\s+ايام)\s+(?:من|علي)\s+(?:\S+\s+)?$")
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
    doc: Document | None = None  # for the figures, computed only when a frame needs them
    statement_date: DateMention | None = None  # a date that dates a statement in the sentence, not the event
    days_before: int | None = None  # "بعد يومين من هجوم": dated this many days before the clause's date
    interval_ref: DateMention | None = None  # the clause's date that ``days_before`` counts back from

    @property
    def specific(self) -> bool:
        """Concrete enough to be an incident of its own (not "the attacks on US forces" in general)."""
        dated = self.explicit_date is not None and self.explicit_date.precision in ("day", "month")
        placed = any(p.entity_id not in _COUNTRY_LEVEL for p in self.struck_places + self.launch_places)
        need = 2 if self.event_type == "attack" else 1
        evidence = sum((self.weapon_in_text, dated, placed))
        return evidence >= need or (evidence + 1 >= need and self.has_figures)

    @property
    def has_figures(self) -> bool:
        if self.doc is None:
            return False
        figs = self.doc.figures(self.sentence.nstart, self.sentence.nend)
        return any(f is not None and f.min for f in (figs.munitions, figs.killed, figs.injured))


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
        "intent": PhraseMatcher({w: True for w in lex.get("intent_cues", ())}),
        "interval": re.compile(_INTERVAL_DAYS_TEMPLATE.format(small=_small_numbers_alt())),
    }


def _small_numbers() -> dict[str, int]:
    dates = load_lexicon("dates")
    return {normalize_term(str(f)): int(v) for v, forms in dates["small_numbers"].items() for f in forms}


def _small_numbers_alt() -> str:
    return "|".join(sorted((re.escape(w) for w in _small_numbers()), key=len, reverse=True))


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
        if _SOURCE_AFFILIATION.search(text, max(s.nstart, p.norm_start - 40), p.norm_start):
            continue  # "مصدر أمني في إدارة جمجمال": where the source works, not where it struck
        is_launch = False
        for h in launch_hits:
            # the place follows a launch cue closely, with at most a few words in between
            if h.end <= p.norm_start and p.norm_start - h.end <= 30 and "،" not in text[h.end:p.norm_start]:
                is_launch = True
        (launch if is_launch else struck).append(p)
    return struck, launch


def detect_event(doc: Document, s: SentenceView, *, relaxed: bool = False) -> EventMention | None:
    """The sentence's event mention, or None when it does not report an attack.

    ``relaxed``: ``s`` is one clause of a sentence already known to report attacks (see
    :func:`detect_events`), so a weapon alone anchors the clause's event."""
    if s.is_boilerplate:
        return None
    lex = _lex()
    text = doc.text
    # cheap test first: most sentences name no attack, weapon or event at all
    events_all = lex["events"].finditer(text, s.nstart, s.nend)
    weapons_all = lex["weapons"].finditer(text, s.nstart, s.nend)
    attack = lex["attack_tokens"].finditer(text, s.nstart, s.nend) + lex["attack_verbs"].finditer(text, s.nstart,
                                                                                                    s.nend)
    if not events_all and not weapons_all and not attack:
        return None
    inside_actor = [(a.norm_start, a.norm_end) for a in s.actors]

    def free(h) -> bool:  # "ميليشيات الكاتيوشا" names a group, it does not report rockets
        return not any(a <= h.start and h.end <= b for a, b in inside_actor)

    intents = _intent_spans(doc, s)

    def real(h) -> bool:  # "متهمين بالتخطيط لهجمات صاروخية": a planned attack is no event
        return free(h) and not any(a <= h.start < b for a, b in intents)

    events = [h for h in events_all if real(h)]
    weapons = [h for h in weapons_all if real(h)]
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
        if anchor is None and (attack or targets or relaxed):
            anchor = weapons[0]
            event_type = WEAPON_EVENT.get(weapon, "attack")
        elif event_type == "arrest" and weapons[0].start < anchor.start and (attack or targets):
            # "عبوة ناسفة تستهدف رتلاً … واعتقال متهمين": the attack told first is the sentence's event
            anchor = weapons[0]
            event_type = WEAPON_EVENT.get(weapons[0].value, "attack")
    if anchor is None and attack and targets:
        anchor = attack[0]
        event_type = "attack"
    if anchor is None or event_type is None:
        return None
    tallies = _AGGREGATE.finditer(text, s.nstart, s.nend)
    if any(m.start() < anchor.end and anchor.start - m.end() <= 30 for m in tallies):
        return None  # the anchor is part of a tally ("لأكثر من ستين هجوماً بالصواريخ")
    if weapon is None:
        weapon = EVENT_DEFAULT_WEAPON.get(event_type)
    elif event_type in EVENT_DEFAULT_WEAPON \
            and WEAPON_FAMILY[weapon] != WEAPON_FAMILY[EVENT_DEFAULT_WEAPON[event_type]]:
        # "هجوم بطائرة مسيرة" with a rocket word elsewhere: the event phrase decides
        if event_type not in ("armed_clash",) and not (event_type == "shelling" and weapon == "other"):
            weapon = EVENT_DEFAULT_WEAPON[event_type]
    cues = lex["background"].finditer(text, s.nstart, s.nend)
    background = any(h.end <= anchor.start and anchor.start - h.end <= BACKGROUND_REACH for h in cues) or any(
        m.start() < anchor.start for m in _PLUPERFECT.finditer(text, s.nstart, s.nend))
    definite = anchor.phrase.startswith("ال") or text[max(s.nstart, anchor.start - 2):anchor.start] in ("ال", "لل") \
        or any(m.start() < anchor.start for m in _DEFINITE_REF.finditer(text, s.nstart, s.nend))
    struck, launch = _place_roles(doc, s)
    struck = [p for p in struck if not any(a <= p.norm_start < b for a, b in intents)]
    # "بعد واقعة الرضوانية …": an event at a place named right after a background marker is background
    if any(0 <= p.norm_start - h.end <= 25 for h in cues for p in struck):
        background = True
    explicit, statement_date = _event_date(doc, s, anchor.start)
    days_before, interval_ref = None, None
    interval = lex["interval"].search(text, max(s.nstart, anchor.start - 45), anchor.start)
    if interval is not None:
        # "أعلنت … مساء الثلاثاء … بعد يومين من هجوم": the event is two days before the clause's date
        g = interval.groupdict()
        days_before = 1 if g["one"] else 2 if g["two"] else (
            int(g["n"]) if g["n"].isdigit() else _small_numbers().get(g["n"]))
        dated = [d for d in s.dates if d.date is not None and d.precision == "day" and d.end <= interval.start()]
        interval_ref = dated[-1] if dated else None
        explicit, statement_date = None, None
    if explicit is not None and explicit.date is not None and doc.published is not None \
            and (doc.published - explicit.date).days > STALE_DAYS:
        background = True  # dated weeks before the article: recalled, not reported
    if background and explicit is None and days_before is None:
        lead = text[max(s.nstart, anchor.start - 12):anchor.end].split()
        if any(w.lstrip("وفبل").startswith(_GENERIC_PLURAL) for w in lead[-3:]):
            return None
    return EventMention(sentence=s, pos=anchor.start, end=anchor.end, event_type=event_type, weapon=weapon,
                        background=background, definite=definite, explicit_date=explicit,
                        struck_places=struck, launch_places=launch, weapon_in_text=bool(weapons),
                        doc=doc, statement_date=statement_date, days_before=days_before,
                        interval_ref=interval_ref)


_CLAUSE_CUT = re.compile(r"[،,؛;]|\s(?=و\w)")


def detect_events(doc: Document, s: SentenceView, ancestors=lambda _id: set()) -> list[EventMention]:
    """The sentence's event mentions: usually one; one per event when a sentence reports two
    attacks with different weapons at different places ("… الأول بستة صواريخ على حقل كونيكو،
    والثاني بطائرة مسيّرة على حقل العمر").  The sentence is cut into clauses between the weapon
    words of different families (at the last comma or "و" between them); each clause keeps its
    own places and figures, and shares the dates and places written before the first weapon."""
    em = detect_event(doc, s)
    if em is None:
        return []
    lex = _lex()
    text = doc.text
    inside_actor = [(a.norm_start, a.norm_end) for a in s.actors]
    weapons = [h for h in lex["weapons"].finditer(text, s.nstart, s.nend)
               if not any(a <= h.start and h.end <= b for a, b in inside_actor)]
    runs: list[list] = []
    for h in weapons:
        if runs and WEAPON_FAMILY[runs[-1][-1].value] == WEAPON_FAMILY[h.value]:
            runs[-1].append(h)
        else:
            runs.append([h])
    if len(runs) < 2:
        return [em]
    cuts = [s.nstart]
    for prev, nxt in zip(runs, runs[1:], strict=False):
        gap = list(_CLAUSE_CUT.finditer(text, prev[-1].end, nxt[0].start))
        if not gap:
            return [em]
        cuts.append(gap[-1].start())
    cuts.append(s.nend)
    shared_end = runs[0][0].start
    struck_all, _launch = _place_roles(doc, s)
    struck_ids = {p.norm_start: p.entity_id for p in struck_all}
    seg_places = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        own = {pid for pos, pid in struck_ids.items() if a <= pos < b}
        # the finest places of the clause ("ريف دير الزور … حقل كونيكو" → the field)
        seg_places.append({pid for pid in own if not any(pid in ancestors(o) for o in own if o != pid)})
    # one event per clause only when each clause names its own place and the places are unrelated
    if any(not own for own in seg_places):
        return [em]
    for i, own in enumerate(seg_places):
        for other in seg_places[i + 1:]:
            if any(x == y or y in ancestors(x) or x in ancestors(y) for x in own for y in other):
                return [em]
    out = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
        in_seg = [d for d in s.dates if a <= d.start < b]
        shared_dates = [d for d in s.dates if d.start < shared_end]
        view = replace(s, nstart=a, nend=b,
                       actors=[m for m in s.actors if a <= m.norm_start < b],
                       places=[p for p in s.places if a <= p.norm_start < b],
                       dates=in_seg if (in_seg or k == 0) else shared_dates)
        m = detect_event(doc, view, relaxed=True)
        if m is not None:
            out.append(m)
    return out if len(out) > 1 else [em]


def _intent_spans(doc: Document, s: SentenceView) -> list[tuple[int, int]]:
    """Clauses that tell of an attack planned, feared or prepared, not made: from an intent cue
    ("بالتخطيط لـ", "يخططون لتنفيذ", "تحسباً لـ") to the end of its clause."""
    out = []
    text = doc.text
    for h in _lex()["intent"].finditer(text, s.nstart, s.nend):
        end = _CLAUSE_END.search(text, h.end, s.nend)
        out.append((h.start, end.start() if end else s.nend))
    return out


_SOURCE_AFFILIATION = re.compile(r"(?<!\w)(?:مصدر|مصادر|مسؤول|مسؤولون|مسؤولين|ضابط|متحدث)(?:\s+\S+)?\s+(?:في|من|ب)\s*"
                                 r"(?:ال)?(?:اداره|قياده|شرطه|مديريه|مجلس|قضاء|ناحيه|حكومه)?\s*$")
_CLAUSE_END = re.compile(r"[،,؛;.\"”»]")


def _event_date(doc: Document, s: SentenceView, anchor: int) -> tuple[DateMention | None, DateMention | None]:
    """The sentence's date for the event at ``anchor``: the nearest one, skipping statement dates
    ("استنكرت السفارة، الأربعاء، الهجوم …": the weekday dates the condemnation, not the attack)."""
    from .claims import speech_verbs  # local import: claims imports this module's neighbours

    dated = [d for d in s.dates if d.date is not None or d.month is not None]
    verbs = speech_verbs().finditer(doc.text, s.nstart, anchor)
    lex = _lex()

    def dates_statement(v, d) -> bool:
        """The date follows the speech verb (and its subject) before any word of the event:
        "تبرأت منصات … الحليفة لإيران، اليوم الثلاثاء، من الهجوم الذي استهدف مساء أمس …"."""
        if not v.end <= d.start < anchor:
            return False
        if d.start - v.end <= 60:
            return True
        return d.start - v.end <= 160 and not any(
            m.finditer(doc.text, v.end, d.start) for m in (lex["events"], lex["weapons"], lex["attack_tokens"],
                                                           lex["attack_verbs"]))

    event_dates = [d for d in dated if not any(dates_statement(v, d) for v in verbs)]
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
        ems = detect_events(doc, s, ancestors)
        if not ems:
            if current is not None and not s.is_boilerplate and _DEFINITE_REF.search(doc.text, s.nstart, s.nend):
                current.sentences.append(s)
            continue
        for em in ems:
            current = _place_mention(doc, frames, em, ancestors, current)
    # "ومنذ الضربات الجوية الأمريكية …" before the strikes are reported: a definite, undated
    # background mention of the same kind of event is the main event referred to ahead of time
    for bg in [f for f in frames if f.is_background]:
        if not all(m.definite and m.explicit_date is None and m.days_before is None
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
    _date_intervals(doc, frames)
    _recaps(frames, ancestors)
    return frames


def _recaps(frames: list[FrameDraft], ancestors) -> None:
    """"وهذا هو الهجوم الثاني خلال أسبوع، بعد إسقاط طائرة مسيرة … صباح الثلاثاء الماضي": an attack of the
    same kind at the same place, told after the article's main event and dated days before it, is
    recalled, not reported."""
    main = next((f for f in frames if not f.is_background), None)
    if main is None:
        return
    when = frame_date(main)
    if when is None or when.date is None or when.precision != "day":
        return
    main_places = {p.entity_id for m in main.mentions for p in m.struck_places}
    for f in frames:
        if f is main or f.is_background or f.family != main.family \
                or f.first.sentence.index <= main.first.sentence.index:
            continue
        dates = [m.explicit_date for m in f.mentions]
        if not all(d is not None and d.date is not None and d.precision == "day" and d.date < when.date
                   for d in dates):
            continue
        places = {p.entity_id for m in f.mentions for p in m.struck_places}
        if not places or any(p == q or q in ancestors(p) or p in ancestors(q) for p in places for q in main_places):
            f.is_background = True


def _place_mention(doc: Document, frames: list[FrameDraft], em: EventMention, ancestors,
                   current: FrameDraft | None) -> FrameDraft | None:
    """Put one event mention into a frame (an existing compatible one or a new one); returns the
    frame later sentences without a trigger refer to."""
    s = em.sentence
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
        return current
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
    if not target.is_background or not any(not f.is_background for f in frames):
        # before any main event, a background one is what later sentences refer back to (it becomes
        # the subject when nothing else is reported)
        return target
    return current


def _date_intervals(doc: Document, frames: list[FrameDraft]) -> None:
    """Date "بعد يومين من هجوم …" mentions: N days before the date of their clause (a statement
    date in the sentence), else before the article's main event."""
    main = next((f for f in frames if not f.is_background), None)
    pending = [m for f in frames for m in f.mentions if m.days_before is not None and m.explicit_date is None]
    for m in sorted(pending, key=lambda m: m.interval_ref is None):
        ref = m.interval_ref
        if ref is None and main is not None and m not in main.mentions:
            ref = frame_date(main)
        if ref is None or ref.date is None or ref.precision != "day" or m.days_before is None:
            continue
        m.explicit_date = DateMention(start=m.pos, end=m.end, text=doc.text[m.pos:m.end],
                                      date=ref.date - dt.timedelta(days=m.days_before), precision="day",
                                      kind="relative")


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
        figs.append(doc.figures(s.nstart, s.nend))
    return merge_figures(figs)


def frame_places(frame: FrameDraft, precision, ancestors=lambda _id: set(),
                 doc: Document | None = None) -> tuple[Match | None, Match | None]:
    """(struck place, launch place): the most precise place any trigger sentence gives (earliest on a
    tie), countries only when nothing finer is named; launch: likewise among places after launch cues."""
    struck_cands = [p for m in frame.mentions for p in m.struck_places]
    launch_cands = [p for m in frame.mentions for p in m.launch_places]
    if not struck_cands:
        struck_cands = [p for s in frame.sentences for p in s.places]
    struck = _most_precise(struck_cands, precision, ancestors)
    launch = _most_precise(launch_cands, precision, ancestors)
    if struck is not None and doc is not None and precision(struck.entity_id) >= 3:
        # "… على موقع عسكري في الأردن" then "الهجوم على الموقع المعروف باسم البرج 22": a sentence
        # about the event names the site inside the country (or governorate) the trigger gave
        inner = [p for sv in frame.sentences for p in _place_roles(doc, sv)[0]
                 if struck.entity_id in ancestors(p.entity_id)]
        if inner:
            struck = _most_precise(inner, precision, ancestors)
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
