"""Claims: who said, claimed, denied, accused, condemned, threatened or demanded what.

For each speech-act verb (lexicon ``claims.yaml``) that is not inside a quotation or inside the
reported content of an earlier verb, the speaker is found in this order:

1. right after the verb (Arabic verb-subject order: "وقالت خلية الإعلام الأمني", "أفاد مصدر أمني",
   "كشفت ثلاثة مصادر"); "نقل موقع X عن مسؤول" makes the official the speaker and X the channel;
2. a topicalised subject opening the sentence ("المصادر الثلاثة … قالت", "صابرين نيوز أضافت",
   "مسؤولون أميركيون: …"), else the nearest actor before the verb ("… تحت اسم صابرين نيوز … إذ أفادت");
3. an anaphoric noun ("البيان", "المسؤول") or a pronoun verb ("وقالوا", "وقالت إن"): the previous
   claim's speaker.

A pluperfect clause names its subject first ("وكانت الولايات المتحدة قد حمّلت …"); an anaphoric
subject ("الجماعة ذاتها", "الشركة") is the last actor of its kind (``anaphora_antecedents``); a
statement published by a medium is its author's ("نشرت قناة X بياناً منسوباً إلى جماعة تطلق على نفسها
اسم Y، تبنت فيه …" → Y speaks, X relays); a content that opens with a named person and his own verb
("ذكر بيان … أن السوداني طالب …") is that person's claim.

The claim type comes from the verb when the verb carries it (نفى، تبنى، اتهم، أدان …), else from
what the complement says (content cues: "لا علاقة" → denial, "تقف وراء" + a named actor →
accusation …), else report (an account of events) or statement (a position; a present-tense
"تقول/يؤكد" states a standing position).  A claim's content stops at the next participle: a
continuation participle ("مؤكداً أن …") whose content is a threat, accusation, denial … is a claim
of its own by the same speaker.  The channel ("لوكالة رويترز",
"عبر تويتر", "وفق العربي الجديد") is a media actor kept apart from the speaker.  Anonymous speakers
keep their description ("قيادي بارز في كتائب سيد الشهداء") as ``speaker_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .dictionaries import load_actors
from .document import Document, SentenceView
from .lexicon import PhraseHit, PhraseMatcher, load_lexicon
from .matcher import Match
from .normalize import normalize_term

SUBJECT_ROLE = {"accusation": "accused", "denial": "denied_for", "condemnation": "condemned",
                "responsibility_claim": "credited"}
_QUOTES = re.compile(r"[\"“”«»]")
_COMPLEMENTIZER = re.compile(r"(?<!\w)(?:و?ان|بان|انه|انها|انهم|بانه|بانها|قائلا|قائله|قولهم|قوله):?(?!\w)|:")
_STOP_PHRASE = re.compile(r"[،,.:؛\"“”«»()]|(?<!\w)(?:ان|انه|بان|الي|علي|عن|الذي|التي|الذين|لوكاله|لقناه|لصحيفه|لـ|ل|"
                          r"شريطه|فضل\w*|طلب\w*|مشترط\w*|رفض\w*|اشترط\w*|تحدث\w*)(?!\w)")
_PRE_HEAD_TOKENS = re.compile(r"^\s*(?:(?:احد|اثنان|اثنين|ثلاثه|ثلاث|اربعه|اربع|خمسه|عده|بعض|\d+)\s+){0,2}$")
_AFFILIATION = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:في|من|ب|داخل|ضمن|لدي|عن)\s*$")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class ClaimDraft:
    sentence: SentenceView
    verb: PhraseHit
    claim_type: str
    speaker: Match | None = None
    speaker_text: str | None = None
    speaker_span: tuple[int, int] | None = None
    anonymous: bool = False
    via: Match | None = None
    subjects: list[tuple[Match, str]] = field(default_factory=list)
    quote: str | None = None
    inherited: bool = False
    typed_by_verb: bool = False

    @property
    def speaker_key(self) -> str | None:
        if self.speaker is not None and not self.anonymous:
            return self.speaker.entity_id
        return normalize_term(self.speaker_text) if self.speaker_text else None


@lru_cache(maxsize=1)
def _lex() -> dict:
    lex = load_lexicon("claims")
    verbs: dict[str, str] = {}
    for ctype, forms in lex["claim_verbs"].items():
        for f in forms:
            verbs.setdefault(f, ctype)
    content: dict[str, str] = {}
    for ctype, cues in lex["content_cues"].items():
        for c in cues:
            content.setdefault(c, ctype)
    return {
        "verbs": PhraseMatcher(verbs, verbal=True),
        "attributions": PhraseMatcher({w: True for w in lex["attributions"]}),
        "channels": [normalize_term(c) for c in lex["channel_cues"]],
        "anon_heads": PhraseMatcher({w: True for w in lex["anonymous_heads"]}),
        "anon_markers": PhraseMatcher({w: True for w in lex["anonymity_markers"]}, prefix=True),
        "anaphora": PhraseMatcher({w: True for w in lex["speaker_anaphora"]}),
        "requires": {normalize_term(k): [normalize_term(x) for x in v]
                     for k, v in lex["accusation_requires"].items()},
        "editorial": PhraseMatcher({w: True for w in lex["editorial"]}),
        "participles": {normalize_term(w) for w in lex["participles"]},
        "titles": {normalize_term(w) for w in lex["titles"]},
        "commentators": PhraseMatcher({w: True for w in lex["commentators"]}),
        "openers": PhraseMatcher({w: True for w in lex["new_claim_openers"]}),
        "content": PhraseMatcher(content, prefix=False),
        "opinion": PhraseMatcher({w: True for w in lex["opinion_cues"]}),
        "report": PhraseMatcher({w: True for w in lex["report_cues"]}, prefix=True),
        "continuations": PhraseMatcher({w: True for w in lex["continuations"]
                                        if normalize_term(w) not in {normalize_term(x) for x in lex["participles"]}},
                                       verbal=True),
        "continuation_types": frozenset(lex["continuation_claim_types"]),
        "requires_actor": {normalize_term(w) for w in lex["accusation_requires_actor"]},
        "needs_actor": {normalize_term(w) for w in lex["content_needs_actor"]},
        "content_stops": PhraseMatcher({w: True for w in lex["content_stops"]}),
        "own_fighters": PhraseMatcher({w: True for w in lex["own_fighters"]}),
        "publishing": {normalize_term(w) for w in lex["publishing_verbs"]},
        "authorship": PhraseMatcher({w: True for w in lex["authorship_cues"]}),
        "antecedents": {normalize_term(k): tuple(normalize_term(x) if not x.isascii() else x for x in v)
                        for k, v in lex["anaphora_antecedents"].items()},
        "action_when_armed": {normalize_term(w) for w in lex["action_when_armed"]},
    }


@lru_cache(maxsize=1)
def _event_words() -> tuple[PhraseMatcher, PhraseMatcher]:
    """(attack verbs, weapons and event phrases) of events.yaml, for the claim rules that look at
    what a statement describes."""
    ev = load_lexicon("events")
    armed = {w: True for group in ev["weapons"].values() for w in group}
    armed.update({w: True for group in ev["event_phrases"].values() for w in group})
    armed.update({w: True for w in ev["attack_words"]["tokens"]})
    return (PhraseMatcher({w: True for w in ev["attack_words"]["verbs_prefix"]}, prefix=True),
            PhraseMatcher(armed))


def speech_verbs() -> PhraseMatcher:
    """Every speech-act verb of the lexicon (used by the incident extractor to spot statement dates)."""
    return _lex()["verbs"]


# Patterns below run on normalised text: ى is folded to ي (علي، الي), ة to ه, hamza-alef to ا.
_NOUN_BEFORE = re.compile(r"(?<!\w)(?:علي|الي|في|من|عن|عدم|دون|بعد|قبل|حول|اي|هذا|هذه|ذلك|تلك)\s+$")


def _is_noun(doc: Document, h: PhraseHit) -> bool:
    """A verb-shaped word used as a noun: "على رد من الحكومة", "عدم كشف هويته", "إشارة" (ة folded to ه)."""
    text = doc.text
    if text[max(0, h.start - 2):h.start] == "ال":
        return True
    if _NOUN_BEFORE.search(text, max(0, h.start - 12), h.start):
        return True
    end = h.start + len(text[h.start:].split(maxsplit=1)[0]) if text[h.start:].strip() else h.end
    orig_end = doc.nt.offsets[end - 1] if end - 1 < len(doc.nt.offsets) else None
    return orig_end is not None and doc.nt.original[orig_end] == "ة"


# "بعد ساعات من تبنيه باسم جماعة X", "تبني الهجوم من قبل X": a claim named by its noun
_NOMINAL_CLAIM = re.compile(r"تبني\w*\s+(?:\S+\s+)?(?:باسم|من قبل|من جانب)\s+")
# the noun phrase right after a verb, when it is not a preposition, particle, pronoun or number
_SUBJECT_NP = re.compile(r"\s+(?!(?:في|علي|الي|عن|من|ان|انه|انها|بان|ب\w*|ل\w*|مع|خلال|امس|اليوم|\d)(?!\w))(\w{3,})")
_ORG_HEADS = ("شركه", "وزاره", "هيئه", "مجلس", "قياده", "القنصليه", "السفاره", "سفاره", "قنصليه", "بعثه", "البعثه",
              "منظمه", "المنظمه", "نقابه", "جامعه", "مديريه", "دائره", "حكومه", "الحكومه", "محافظ", "محافظه", "شرطه",
              "لجنه", "اللجنه", "مكتب", "جبهه", "حزب", "الحزب", "تحالف", "ائتلاف", "كتله", "الكتله")
_SERIES_OBJECT = re.compile(r"\s*(?:معظمها|بعضها|اغلبها|جميعها|كلها|عددا منها|العديد منها|معظم|بعض|اغلب|عشرات|"
                            r"حملات|هجمات|عمليات|سلسله|عده)(?!\w)")
_NEGATED = re.compile(r"(?<!\w)[وف]?(?:لم|لا|لن|ما)\s+$")


def _is_participle(h: PhraseHit) -> bool:
    """"متوعدة", "داعية": the sentence's subject goes on speaking."""
    return h.phrase in _lex()["participles"]


def _inside_quotes(text: str, start: int, pos: int) -> bool:
    return len(_QUOTES.findall(text, start, pos)) % 2 == 1


def _quoted_content(text: str, start: int, pos: int) -> bool:
    """``pos`` lies inside a quotation opened after ``start`` and is not its first word: a name the
    quote mentions ("تبنت فيه "استهداف سفارة الشر""), not a quoted name ("تبنت "المقاومة …"")."""
    marks = list(_QUOTES.finditer(text, start, pos))
    if len(marks) % 2 == 0:
        return False
    return bool(_WORD.search(text, marks[-1].end(), pos))


def _is_channel(doc: Document, m: Match, sentence_start: int) -> bool:
    """A media actor preceded by a channel cue ("لـ", "عبر", "نقلته") is the channel, not the speaker."""
    before = doc.text[max(sentence_start, m.norm_start - 25):m.norm_start].rstrip(" \"'“”«»ـ")
    raw_before = doc.nt.original[max(0, m.start - 3):m.start]
    if "لـ" in raw_before or raw_before.rstrip(" \"'“”«»").endswith("ل"):
        return True
    return any(before.endswith(c) for c in _lex()["channels"] if len(c) > 1)


def _phrase_end(doc: Document, s: SentenceView, start: int, limit: int, max_words: int = 5) -> int:
    """End of an anonymous speaker's description: stops at punctuation, complementizers,
    prepositions; runs on over "في/من + actor" so that the affiliation stays in the description."""
    text = doc.text
    m = _STOP_PHRASE.search(text, start, limit)
    end = m.start() if m else limit
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > max_words:
        end = start + words[max_words - 1].end()
    for a in sorted(s.actors, key=lambda x: x.norm_start):
        gap = text[end:a.norm_start]
        if end <= a.norm_start < limit and a.norm_start - end <= 25 and _AFFILIATION.match(gap.replace("،", " ")):
            end = a.norm_end
        elif end <= a.norm_start < limit and re.fullmatch(r"[\s،,\"“”«»]*", gap):
            end = a.norm_end  # "القيادي في كتائب حزب الله أبو علي العسكري": the name closes the description
    return end


class _Speakers:
    """Speaker lookup for one document."""

    def __init__(self, doc: Document, actor_type) -> None:
        self.doc = doc
        self.actor_type = actor_type
        self.lex = _lex()
        self.history: list[ClaimDraft] = []  # the claims of the sentences read so far

    def _set_anonymous(self, d: ClaimDraft, s: SentenceView, head_start: int, limit: int) -> None:
        end = _phrase_end(self.doc, s, head_start, limit)
        d.speaker_text = self.doc.nt.original_span(head_start, end).strip()
        d.speaker_span = (head_start, end)
        named = [m for m in s.actors if head_start <= m.norm_start < end and self.actor_type(m.entity_id) == "person"]
        d.anonymous = not named
        d.speaker = named[0] if named else None

    def _only_titles_between(self, s: SentenceView, start: int, end: int) -> bool:
        """Only title words or actor names (and ل/في/،) between the verb and a person."""
        if end - start > 120:
            return False
        covered = [(a.norm_start, a.norm_end) for a in s.actors if start <= a.norm_start and a.norm_end <= end]
        for w in _WORD.finditer(self.doc.text, start, end):
            if any(a <= w.start() < b for a, b in covered):
                continue
            tok = w.group()
            bare = tok[1:] if tok[:1] in "ول" and tok[1:] in self.lex["titles"] else tok
            if bare not in self.lex["titles"] and tok not in ("ل",):
                return False
        return True

    def after(self, d: ClaimDraft) -> bool:
        """Verb-subject order: the subject right after the verb."""
        s, v, text = d.sentence, d.verb, self.doc.text
        comp = _COMPLEMENTIZER.search(text, v.end, s.nend)
        window_end = min(comp.start() if comp else s.nend, v.end + 70)
        head = self.lex["anon_heads"].first(text, v.end, window_end)
        # a name inside a quotation that opens after the verb is quoted content, not the subject
        actors = [m for m in s.actors if v.end <= m.norm_start < window_end
                  and not _quoted_content(text, v.end, m.norm_start)]
        first_actor = next((m for m in actors if not (self.actor_type(m.entity_id) == "media"
                                                      and _is_channel(self.doc, m, s.nstart))), None)
        if head is not None and _PRE_HEAD_TOKENS.match(text[v.end:head.start]) \
                and (first_actor is None or head.start <= first_actor.norm_start):
            # "قال مسؤول عسكري أمريكي": a description of an unnamed source, even when the
            # dictionary lists it as a collective actor
            self._set_anonymous(d, s, head.start, s.nend)
            return True
        person = next((m for m in actors if self.actor_type(m.entity_id) == "person"
                       and self._only_titles_between(s, v.end, m.norm_start)), None)
        if person is not None:
            # "رد الأمين العام لـ"عصائب أهل الحق" قيس الخزعلي": the person speaks, the group is his
            d.speaker, d.speaker_text = person, person.surface
            return True
        if first_actor is not None and (len(_WORD.findall(text[v.end:first_actor.norm_start])) <= 2
                                        or self._only_titles_between(s, v.end, first_actor.norm_start)):
            d.speaker, d.speaker_text = first_actor, first_actor.surface
            # "نشرت منصة X بياناً نسبته إلى Y" / "بياناً باسم Y": Y speaks, X relays
            if self.actor_type(first_actor.entity_id) == "media":
                named = re.search(r"باسم\s+", text[first_actor.norm_end:min(s.nend, first_actor.norm_end + 90)])
                if named:
                    at = first_actor.norm_end + named.end()
                    src = next((m for m in s.actors if at - 1 <= m.norm_start <= at + 3), None)
                    same = r"(?:ال)?(?:جماعه|حركه|فصيل|كتائب)\s+(?:نفسها|ذاتها|نفسه|ذاته)"
                    if src is None and re.match(same, text[at:]):
                        src = next((m for m in reversed(self.doc.actors) if m.norm_end <= v.start
                                    and self.actor_type(m.entity_id) == "militia"), None)
                    if src is not None:
                        d.via, d.speaker, d.speaker_text = first_actor, src, src.surface
                        return True
                attributed = re.search(r"(?:نسبته|نسبه|نسبتها|منسوبا|المنسوب|منسوب)\s+(?:ل|الي)\s*", text[
                    first_actor.norm_end:min(s.nend, first_actor.norm_end + 40)])
                if attributed:
                    at = first_actor.norm_end + attributed.end()
                    src = next((m for m in s.actors if at - 1 <= m.norm_start <= at + 3), None)
                    if src is not None:
                        d.via, d.speaker, d.speaker_text = first_actor, src, src.surface
                        return True
            # "نقل موقع X عن مسؤول …": X relays, the official speaks
            if self.actor_type(first_actor.entity_id) == "media":
                after = text[first_actor.norm_end:min(s.nend, first_actor.norm_end + 12)]
                if re.match(r"^[\s\"“”«»]*عن(?!\w)", after):
                    src_start = first_actor.norm_end + after.index("عن") + 2
                    d.via, d.speaker, d.speaker_text = first_actor, None, None
                    src_head = self.lex["anon_heads"].first(text, src_start, min(s.nend, src_start + 20))
                    src_actor = next((m for m in s.actors if src_start <= m.norm_start <= src_start + 3), None)
                    if src_actor is not None:
                        d.speaker, d.speaker_text = src_actor, src_actor.surface
                    elif src_head is not None:
                        self._set_anonymous(d, s, src_head.start, s.nend)
            return True
        ana = self.lex["anaphora"].first(text, v.end, window_end)
        if ana is not None and not (ana.phrase.startswith("ال") or text[ana.start - 2:ana.start] == "ال"):
            ana = None  # "الشركة" refers back, "شركة" introduces someone new
        if ana is not None and len(_WORD.findall(text[v.end:ana.start])) <= 1:
            d.inherited = True
            antecedent = self.antecedent(ana, v.start)
            if antecedent is not None:
                d.speaker, d.speaker_text = antecedent, antecedent.surface
                return True
            return False
        return False

    def author(self, d: ClaimDraft) -> None:
        """A statement published by a medium is its author's: "نشرت قناة صابرين نيوز بياناً منسوباً إلى
        جماعة تطلق على نفسها اسم (سرايا أولياء الدم)" → the group speaks, the channel relays."""
        s, v, text = d.sentence, d.verb, self.doc.text
        if d.speaker is not None and self.actor_type(d.speaker.entity_id) != "media":
            return
        if d.speaker is None and v.phrase not in self.lex["publishing"]:
            return
        cues = self.lex["authorship"].finditer(text, max(s.nstart, v.start - 120), min(s.nend, v.end + 120))
        for cue in sorted(cues, key=lambda c: abs(c.start - v.start)):
            at = cue.end
            src = None
            if _SAME_GROUP.match(text, at):  # "باسم الجماعة نفسها": the group named before
                src = next((m for m in reversed(self.doc.actors) if m.norm_end <= cue.start
                            and self.actor_type(m.entity_id) == "militia"), None)
            intro = _GROUP_INTRO.match(text, at)
            if intro:
                at = intro.end()
            src = src or next((m for m in s.actors if at <= m.norm_start <= at + 3
                               and self.actor_type(m.entity_id) != "media"), None)
            if src is not None:
                if d.speaker is not None:
                    d.via = d.speaker
                d.speaker, d.speaker_text, d.anonymous, d.speaker_span = src, src.surface, False, None
                return

    def embedded(self, d: ClaimDraft) -> PhraseHit | None:
        """"ذكر بيان … أن "السوداني أكد …"" / "وأضاف البيان أن السوداني طالب …": the content opens with
        a named person and his own speech verb, so he is the speaker and his verb the predicate."""
        s, v, text = d.sentence, d.verb, self.doc.text
        comp = _COMPLEMENTIZER.search(text, v.end, min(s.nend, v.end + 90))
        if comp is None:
            return None
        start = comp.end()
        lead = re.match(r"[\s\"“”«»]*", text[start:])
        at = start + (lead.end() if lead else 0)
        person = next((m for m in s.actors if at <= m.norm_start <= at + 1
                       and self.actor_type(m.entity_id) == "person"), None)
        if person is None:
            return None
        inner = self.lex["verbs"].first(text, person.norm_end, min(s.nend, person.norm_end + 16))
        if inner is None or inner.start > person.norm_end + 2 or _is_participle(inner):
            return None
        d.speaker, d.speaker_text, d.anonymous, d.speaker_span = person, person.surface, False, None
        d.inherited = False
        d.verb = inner
        d.claim_type = inner.value
        d.typed_by_verb = inner.value != "say"
        if inner.value == "say":
            d.claim_type = _type_from_content(self.doc, d)
        return inner

    def antecedent(self, ana: PhraseHit, before: int) -> Match | None:
        """The actor an anaphoric subject refers back to: "وتبنته الجماعة ذاتها" → the last militia
        named before, "قبل أن تعلن الشركة" → the last company (``anaphora_antecedents``)."""
        key = ana.phrase if ana.phrase.startswith("ال") else "ال" + ana.phrase
        kinds = self.lex["antecedents"].get(key)
        if not kinds:
            return None

        def fits(m: Match) -> bool:
            return self.actor_type(m.entity_id) in kinds or any(
                not k.isascii() and k in normalize_term(m.alias) for k in kinds)

        if _SAME.match(self.doc.text, ana.end):
            # "الجماعة نفسها": the group the story is about, i.e. one that spoke before
            spoke = next((d.speaker for d in reversed(self.history) if d.speaker is not None and not d.anonymous
                          and d.speaker.norm_end <= before and fits(d.speaker)), None)
            if spoke is not None:
                return spoke
        return next((m for m in reversed(self.doc.actors) if m.norm_end <= before and fits(m)), None)

    def unlisted(self, d: ClaimDraft) -> bool:
        """An organisation the dictionaries lack ("دانت القنصلية الأمريكية العامة في أربيل", "أعلنت شركة
        دي إن أو"): keep its name as written rather than borrow the previous speaker.  Tried after
        the other rules, since the word after a verb is often its object when the subject came first."""
        s, v, text = d.sentence, d.verb, self.doc.text
        comp = _COMPLEMENTIZER.search(text, v.end, s.nend)
        window_end = min(comp.start() if comp else s.nend, v.end + 70)
        np = _SUBJECT_NP.match(text, v.end, window_end)
        if np is None or not np.group(1).startswith(_ORG_HEADS):
            return False
        end = _phrase_end(self.doc, s, np.start(1), window_end, max_words=5)
        d.speaker_text = self.doc.nt.original_span(np.start(1), end).strip()
        d.speaker_span = (np.start(1), end)
        return bool(d.speaker_text)

    def before(self, d: ClaimDraft, floor: int) -> bool:
        """A topicalised subject opening the sentence (or the clause after ``floor``), else the nearest
        actor before the verb; "X: …" headlines name their speaker before the colon."""
        s, v, text = d.sentence, d.verb, self.doc.text
        start = max(s.nstart, floor)
        opening = text[start:v.start]
        colon = opening.find(":")
        if 0 <= colon and len(_WORD.findall(opening[:colon])) <= 7:
            region = (start, start + colon)
        else:
            region = (start, v.start)
        lead = re.match(r"^[\s\"“”«»]*(?:و|ف)?(?:كان|كانت|اما|الا ان|غير ان|لكن|بيد ان)?\s*", text[region[0]:region[1]])
        lead_end = region[0] + (lead.end() if lead else 0)
        head = self.lex["anon_heads"].first(text, region[0], region[1])
        cands = [m for m in s.actors if region[0] <= m.norm_start and m.norm_end <= region[1]
                 and not (self.actor_type(m.entity_id) == "media" and _is_channel(self.doc, m, s.nstart))]
        if head is not None and head.start - lead_end <= 6 and (not cands or head.start <= cands[0].norm_start):
            self._set_anonymous(d, s, head.start, v.start if colon < 0 else region[1])
            return True
        if cands and cands[0].norm_start - lead_end <= 6:
            d.speaker, d.speaker_text = cands[0], cands[0].surface
            return True
        if cands:
            d.speaker, d.speaker_text = cands[-1], cands[-1].surface
            return True
        if head is not None:
            self._set_anonymous(d, s, head.start, v.start)
            return True
        return False


def _content_window(doc: Document, d: ClaimDraft) -> tuple[int, int]:
    """From the verb to the end of its clause ("أعلنت X مسؤوليتها": the cue may precede any
    complementizer); a following "فيما …" clause is another speaker's business."""
    s, v = d.sentence, d.verb
    start = v.end
    # "أكدت وزارة النقل في بيان أن …": the speaker's own name is not what it says
    if d.speaker is not None and v.end <= d.speaker.norm_start < v.end + 80:
        start = max(start, d.speaker.norm_end)
    if d.speaker_span is not None and v.end <= d.speaker_span[0] < v.end + 80:
        start = max(start, d.speaker_span[1])
    lex = _lex()
    stop = lex["content_stops"].first(doc.text, start, s.nend)
    opener = next((o for o in lex["openers"].finditer(doc.text, start, s.nend) if o.phrase != "كما"), None)
    end = opener.start if opener else s.nend
    if stop is not None:
        end = min(end, stop.start)  # "…، وذلك بعد يومين من هجوم …": the writer's context
    # "…، مؤكداً أن …": what follows a participle is the participle's content
    parts = [h.start for h in lex["continuations"].finditer(doc.text, start, end)
             if not _inside_quotes(doc.text, s.nstart, h.start)]
    parts += [h.start for h in lex["verbs"].finditer(doc.text, start, end)
              if _is_participle(h) and not _inside_quotes(doc.text, s.nstart, h.start)]
    return start, min(parts, default=end)


def _type_from_content(doc: Document, d: ClaimDraft) -> str:
    lex = _lex()
    a, b = _content_window(doc, d)
    if lex["opinion"].first(doc.text, d.verb.start, d.verb.end + 1) is not None:
        return "statement"  # the verb itself weighs the content: "يرجح أن …", "يعتقد …"
    for hit in lex["content"].finditer(doc.text, a, b):
        if hit.phrase in lex["needs_actor"] and not any(a <= m.norm_start < b for m in d.sentence.actors
                                                       if d.speaker is None or m.entity_id != d.speaker.entity_id):
            continue  # "لتحديد الجهة التي تقف وراء الهجوم": nobody is accused
        return hit.value
    attack_verbs, _armed = _event_words()
    for f in lex["own_fighters"].finditer(doc.text, a, b):
        # "إن مقاتليها "استهدفوا قاعدة الاحتلال"": the group tells of its own fighters' attack
        if attack_verbs.finditer(doc.text, f.end, min(b, f.end + 25)):
            return "responsibility_claim"
    comp = _COMPLEMENTIZER.search(doc.text, a, b)
    inner_from = comp.end() if comp is not None else a
    inner = lex["verbs"].first(doc.text, inner_from, min(b, inner_from + 60))
    if inner is not None and inner.value not in ("say", "threat") and inner.phrase[:1] in "تين":
        return inner.value  # "ذكرت السفارة أن حكومة الولايات المتحدة تدين …" is a condemnation
    if lex["opinion"].first(doc.text, a, b) is not None:
        return "statement"
    if lex["report"].first(doc.text, a, b) is not None:
        return "report"
    return "statement"


def _quote(doc: Document, d: ClaimDraft) -> str | None:
    s, v = d.sentence, d.verb
    text = doc.text
    q = _QUOTES.search(text, v.end, s.nend)
    if q:
        close = _QUOTES.search(text, q.end(), s.nend)
        if close and close.start() - q.end() > 3:
            return doc.nt.original_span(q.end(), close.start()).strip()
    a, b = _content_window(doc, d)
    if a < b:
        span = doc.nt.original_span(a, b).strip(" \"“”«».,،")
        return span or None
    return None


def _coordinated(doc: Document, d: ClaimDraft, actor_type) -> list[Match]:
    """Further subjects coordinated with the speaker: "اتهمت عصائب أهل الحق، وكتائب حزب الله، …"."""
    if d.speaker is None or d.anonymous:
        return []
    out, pos = [], d.speaker.norm_end
    for m in sorted(d.sentence.actors, key=lambda x: x.norm_start):
        if m.norm_start < pos:
            continue
        gap = doc.text[pos:m.norm_start]
        if re.fullmatch(r"[\s،,\"“”«»]*و[\s\"“”«»]*", gap) and actor_type(m.entity_id) != "media":
            out.append(m)
            pos = m.norm_end
        else:
            break
    return out


# "منسوباً إلى جماعة تطلق على نفسها اسم (X)": the descriptor between the cue and the name
_GROUP_INTRO = re.compile(r"[\s\"“”«»(]*(?:ال)?(?:جماعه|مجموعه|فصيل|حركه|جهه|تنظيم)\s+(?:(?:تطلق|تسمي|يطلق|يسمي)\s+"
                          r"(?:علي\s+)?(?:نفسها|نفسه)\s+)?(?:اسم\s+)?[\s\"“”«»(]*")
_SAME_GROUP = re.compile(r"[\s\"“”«»]*(?:ال)?(?:جماعه|حركه|فصيل|كتائب|مجموعه)\s+(?:نفسها|ذاتها|نفسه|ذاته)(?!\w)")
_SAME = re.compile(r"\s+(?:نفسها|ذاتها|نفسه|ذاته)(?!\w)")
_PLUPERFECT_SUBJECT = re.compile(r"^[\s\"“”«»]*[وف]?(?:كان|كانت|كانوا)\s+\S.*\s+قد\s+$")
_RESUMPTIVE = re.compile(r"\s*(?:فيه|فيها|فيهما)(?!\w)")


def find_claims(doc: Document, actor_type) -> list[ClaimDraft]:
    """Claim drafts in reading order; ``actor_type(actor_id)`` gives an actor's type."""
    lex = _lex()
    speakers = _Speakers(doc, actor_type)
    drafts: list[ClaimDraft] = []
    last: ClaimDraft | None = None
    text = doc.text
    for s in doc.sentences:
        if s.is_boilerplate:
            continue
        verbs = lex["verbs"].finditer(text, s.nstart, s.nend)
        if not verbs and lex["attributions"].first(text, s.nstart, s.nend) is None:
            continue  # no speech verb and no "بحسب …": nothing is said in this sentence
        editorial = lex["editorial"].finditer(text, s.nstart, s.nend) if verbs else []
        authorship = lex["authorship"].finditer(text, s.nstart, s.nend) if verbs else []
        sentence_drafts: list[ClaimDraft] = []
        main_of: dict[int, ClaimDraft] = {}
        content_from = None  # reported content of the sentence's previous claim starts here
        for h in verbs:
            nominal = _NOMINAL_CLAIM.match(text, h.start)
            if nominal and h.value == "responsibility_claim":
                sentence_drafts.extend(_nominal_claim(doc, s, h, nominal, speakers))
                continue
            if _inside_quotes(text, s.nstart, h.start) or any(e.start <= h.start < e.end for e in editorial) \
                    or (_is_noun(doc, h) and not _is_participle(h)) \
                    or _NEGATED.search(text, max(s.nstart, h.start - 6), h.start):
                continue  # "ولم تعلن أي جهة مسؤوليتها": a claim nobody made
            ctype = h.value
            if ctype == "responsibility_claim" and _SERIES_OBJECT.match(text, h.end):
                continue  # "تبنت معظمها": a tally of claims, not a claim about this incident
            if ctype == "accusation" and (req := lex["requires"].get(h.phrase)):
                if not any(r in text[h.end:min(s.nend, h.end + 80)] for r in req):
                    continue
            if ctype == "accusation" and h.phrase in lex["requires_actor"] and not _names_actor_after_cue(doc, s, h):
                continue  # "تربط الفصائل هجماتها بالدعم الأمريكي": a link, not a blame
            if any(c.start <= h.start < c.end for c in authorship):
                continue  # "بياناً نسبته إلى كتائب حزب الله": who wrote it, not whom it blames
            if h.phrase in lex["action_when_armed"] and _answers_with_arms(doc, s, h):
                continue  # "وردت القوات الأمريكية بقصف مدفعي": an act, not a statement
            opener = lex["openers"].finditer(text, max(s.nstart, h.start - 14), h.start)
            d = ClaimDraft(sentence=s, verb=h, claim_type=ctype, typed_by_verb=ctype != "say")
            if _is_participle(h):
                if not sentence_drafts:
                    continue
                prev = main_of.get(id(sentence_drafts[-1]), sentence_drafts[-1])
                d.speaker, d.speaker_text, d.anonymous, d.inherited = (prev.speaker, prev.speaker_text,
                                                                     prev.anonymous, True)
                d.quote = _quote(doc, d)
                sentence_drafts.append(d)
                continue
            if sentence_drafts and _RESUMPTIVE.match(text, h.end):
                # "نشرت قناة X بياناً منسوباً إلى Y، تبنت فيه …": the statement's own verb, by its author
                prev = sentence_drafts[-1]
                if prev.verb.phrase in lex["publishing"]:
                    d.speaker, d.speaker_text, d.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
                    d.via = prev.via
                    d.inherited = True
                    if ctype == "say":
                        d.claim_type = _type_from_content(doc, d)
                    d.quote = _quote(doc, d)
                    sentence_drafts[-1] = d
                    continue
                if ctype == "say" or ctype == prev.claim_type:
                    continue
            if sentence_drafts and not opener and text[h.start - 1:h.start] == "و" \
                    and (sentence_drafts[-1].speaker or sentence_drafts[-1].speaker_text):
                # "دان الحلبوسي الهجوم، وطالب الأجهزة الأمنية …": same subject, the noun after is the object
                prev = sentence_drafts[-1]
                own = ClaimDraft(sentence=s, verb=h, claim_type=ctype)
                if ctype == "say" and speakers.after(own) and own.speaker_key != prev.speaker_key:
                    pass  # "…، وقال نائب عن تحالف الفتح …": a say-verb with its own subject is a new claim
                elif ctype == "say" or ctype == prev.claim_type:
                    continue
                else:
                    d.speaker, d.speaker_text, d.anonymous, d.inherited = (prev.speaker, prev.speaker_text,
                                                                         prev.anonymous, True)
                    d.quote = _quote(doc, d)
                    sentence_drafts.append(d)
                    continue
            floor = sentence_drafts[-1].verb.end if sentence_drafts else s.nstart
            # "وكانت الولايات المتحدة قد حمّلت X …": the pluperfect names its subject first
            found = bool(_PLUPERFECT_SUBJECT.match(text[floor:h.start])) and speakers.before(d, floor)
            found = found or speakers.after(d)
            if sentence_drafts and content_from is not None and h.start >= content_from:
                # inside the previous claim's content ("كشفت مصادر أن قيادياً … دعا …"): not a new claim,
                # unless a new clause opens with its own speaker ("فيما سخرت كتائب حزب الله …")
                if not (opener and found):
                    continue
            if sentence_drafts and not found:
                prev = sentence_drafts[-1]
                if ctype == "say" or ctype == prev.claim_type:
                    continue  # "نفى … وقال …": one statement by one speaker
            if not found and not d.inherited:
                found = speakers.before(d, floor) or speakers.unlisted(d)
            if not found:
                prev = sentence_drafts[-1] if sentence_drafts else last
                if prev is not None and (prev.speaker or prev.speaker_text):
                    d.speaker, d.speaker_text, d.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
                    d.speaker_span = None
                    d.inherited = True
            speakers.author(d)
            if lex["anon_markers"].finditer(text, s.nstart, s.nend) and (
                    d.speaker is None or actor_type(d.speaker.entity_id) not in ("person",)) and d.speaker_text:
                d.anonymous = d.anonymous or d.speaker is None
            embedded = speakers.embedded(d)
            if ctype == "say" and embedded is None:
                d.claim_type = _type_from_content(doc, d)
                if d.claim_type in ("report", "statement") and h.phrase.startswith(("اعلن", "تعلن", "يعلن")) \
                        and d.speaker is not None and actor_type(d.speaker.entity_id) == "militia" \
                        and re.match(r"^\s*(?:عن\s+)?(?:(?:ال)?(?:استهداف|قصف|مهاجمه|ضرب)|(?:اول\s+)?عملي|هجوم)",
                                     text[(d.speaker.norm_end if d.speaker.norm_start >= h.end else h.end):s.nend]):
                    d.claim_type = "responsibility_claim"  # "أعلنت المقاومة الإسلامية استهداف قاعدة …"
                if d.claim_type == "report" and _imperfect(h):
                    d.claim_type = "statement"  # "وتقول الحكومة إن هذه الهجمات …": a standing position
            d.quote = _quote(doc, d)
            comp = _COMPLEMENTIZER.search(text, h.end, s.nend)
            content_from = comp.end() if comp else None
            sentence_drafts.append(d)
            coordinated = [ClaimDraft(sentence=s, verb=h, claim_type=d.claim_type, speaker=extra,
                                      speaker_text=extra.surface, quote=d.quote, typed_by_verb=d.typed_by_verb)
                           for extra in (_coordinated(doc, d, actor_type) if found and not d.inherited else [])]
            sentence_drafts.extend(coordinated)
            # a participle later in the sentence goes on with the first subject, not the co-subjects
            main_of.update({id(x): d for x in coordinated})
        _continuation_claims(doc, s, sentence_drafts)
        _attributions(doc, s, sentence_drafts, drafts, speakers)
        for d in sentence_drafts:
            _assign_via_and_subjects(doc, d, actor_type)
        drafts.extend(sentence_drafts)
        speakers.history = drafts
        named = [d for d in sentence_drafts if d.speaker or d.speaker_text]
        if named:
            last = named[-1]
    # a statement nobody can be named or described as having made is no claim an analyst can use;
    # commentators ("يرى مراقبون") are context, not parties
    kept = [d for d in drafts if (d.speaker is not None or d.speaker_text)
            and not (d.speaker is None and d.speaker_text
                     and lex["commentators"].first(normalize_term(d.speaker_text)) is not None)]
    return _merge_repeats(doc, kept)


def _imperfect(h: PhraseHit) -> bool:
    """A present-tense speech verb ("يقول", "تؤكد"); "تحدث" (he talked) is past: its ي- form is no verb
    of the lexicon."""
    p = h.phrase
    if p.startswith("ي"):
        return True
    return p.startswith("ت") and _lex()["verbs"].first("ي" + p[1:]) is not None


def _names_actor_after_cue(doc: Document, s: SentenceView, h: PhraseHit) -> bool:
    """An actor's name right after the verb's own cue in its clause ("ربط الهجوم بكتائب حزب الله",
    "نسب الهجوم إلى الفصائل"; the cues are ``accusation_requires``)."""
    text = doc.text
    cues = _lex()["requires"].get(h.phrase) or ["ب", "الي"]
    for m in s.actors:
        if h.end < m.norm_start <= h.end + 80:
            before = text[max(h.end, m.norm_start - 6):m.norm_start].rstrip(" \"“”«»ـ")
            if any(before.endswith(c) and (len(c) > 1 or not before[-2:-1].isalnum()) for c in cues):
                return True
    return False


def _answers_with_arms(doc: Document, s: SentenceView, h: PhraseHit) -> bool:
    """"رد … بقصف / بضربات / بإطلاق …": a weapon or attack word with ب in the verb's clause."""
    _verbs, armed = _event_words()
    return any(doc.text[a.start - 1:a.start] == "ب" or doc.text[a.start - 3:a.start] == "بال"
               for a in armed.finditer(doc.text, h.end, min(s.nend, h.end + 60)))


def _continuation_claims(doc: Document, s: SentenceView, sentence_drafts: list[ClaimDraft]) -> None:
    """"…، مؤكداً أن "الولايات المتحدة ستتخذ كل الإجراءات"": a participle that goes on with a claim of
    another, pointed type (threat, accusation …) is a claim of its own by the same speaker."""
    if not sentence_drafts:
        return
    lex = _lex()
    text = doc.text
    for h in lex["continuations"].finditer(text, s.nstart, s.nend):
        if _inside_quotes(text, s.nstart, h.start):
            continue
        prev = next((d for d in reversed(sentence_drafts) if d.verb.start < h.start), None)
        if prev is None or not (prev.speaker or prev.speaker_text):
            continue
        d = ClaimDraft(sentence=s, verb=h, claim_type="say", speaker=prev.speaker, speaker_text=prev.speaker_text,
                       anonymous=prev.anonymous, via=prev.via, inherited=True)
        ctype = _type_from_content(doc, d)
        if ctype not in lex["continuation_types"]:
            continue
        said_from = max(prev.verb.end, prev.speaker.norm_end if prev.speaker is not None
                        and prev.speaker.norm_start >= prev.verb.end else 0)
        if not prev.typed_by_verb and said_from < h.start and len(_WORD.findall(text[said_from:h.start])) <= 6 \
                and not _COMPLEMENTIZER.search(text, said_from, h.start):
            # "سخرت كتائب حزب الله من الهجوم، معتبرة أنه مفبرك": the participle says what the verb meant
            prev.claim_type = ctype
            continue
        if any(x.claim_type == ctype for x in sentence_drafts if x.speaker_key == d.speaker_key):
            continue
        d.claim_type = ctype
        d.quote = _quote(doc, d)
        sentence_drafts.insert(sentence_drafts.index(prev) + 1, d)


def _nominal_claim(doc: Document, s: SentenceView, h: PhraseHit, m: re.Match, speakers: _Speakers) -> list[ClaimDraft]:
    """The responsibility claim behind "تبنيه باسم X": X is the claimant."""
    after = m.end()
    src = next((a for a in s.actors if after <= a.norm_start <= after + 12), None)
    if src is None:
        return []
    d = ClaimDraft(sentence=s, verb=h, claim_type="responsibility_claim", speaker=src, speaker_text=src.surface,
                   typed_by_verb=True)
    return [d]


def _attributions(doc: Document, s: SentenceView, sentence_drafts: list[ClaimDraft], drafts: list[ClaimDraft],
                  speakers: _Speakers) -> None:
    """"بحسب X" / "وفق X": a medium is the channel of the claim it closes; a source is a speaker.

    The attributed content is the rest of the sentence: what comes before the cue ("سقطت سبع
    قذائف …، وفق ما أفاد مسؤولان أمنيان") or, when the cue opens the sentence, what follows the
    source ("ووفقاً لمصادر المرصد، فإن القذائف أُطلقت …")."""
    lex = _lex()
    text = doc.text
    att = lex["attributions"].first(text, s.nstart, s.nend)
    if att is None:
        return
    # "بحسب ما أفاد / وفق ما أعلنت X": the verb after "ما" introduces the source
    rel = re.match(r"\s*ما\s+", text[att.end:s.nend])
    src_from = att.end
    if rel:
        v = lex["verbs"].first(text, att.end + rel.end(), min(s.nend, att.end + rel.end() + 8))
        if v is not None:
            src_from = v.end
    head = lex["anon_heads"].first(text, src_from, min(s.nend, src_from + 8))
    ana = head or lex["anaphora"].first(text, src_from, min(s.nend, src_from + 10))
    prev = sentence_drafts[-1] if sentence_drafts else (drafts[-1] if drafts else None)
    if ana is not None and text[ana.start - 2:ana.start] == "ال" and not sentence_drafts and prev is not None \
            and prev.anonymous and prev.sentence.index >= s.index - 2:
        # "وبحسب المصدر، أُطلقت الصواريخ …": the source quoted just before
        d = ClaimDraft(sentence=s, verb=att, claim_type="report", speaker_text=prev.speaker_text,
                       anonymous=True, inherited=True)
        d.claim_type = _attributed_type(doc, d, att)
        sentence_drafts.append(d)
        return
    src = next((m for m in s.actors if src_from <= m.norm_start <= src_from + 12), None)
    if head is not None and (src is None or head.start <= src.norm_start):
        src = None  # "لمصادر المرصد السوري", "مسؤول في وزارة الدفاع": an unnamed source
    if src is not None and speakers.actor_type(src.entity_id) == "media":
        target = sentence_drafts[-1] if sentence_drafts else (drafts[-1] if drafts else None)
        if target is not None and target.via is None and (not drafts or target is not drafts[-1]
                                                          or target.sentence.index >= s.index - 1):
            target.via = src
        return
    if sentence_drafts:
        return
    d = ClaimDraft(sentence=s, verb=att, claim_type="report")
    if src is not None:
        d.speaker, d.speaker_text = src, src.surface
    else:
        if head is None:
            head = lex["anon_heads"].first(text, att.end, min(s.nend, att.end + 20))
        if head is None:
            return
        speakers._set_anonymous(d, s, head.start, s.nend)
    d.claim_type = _attributed_type(doc, d, att)
    sentence_drafts.append(d)


def _attributed_type(doc: Document, d: ClaimDraft, att: PhraseHit) -> str:
    """The type of an attributed claim, read from the attributed content."""
    s = d.sentence
    text = doc.text
    opening = len(_WORD.findall(text, s.nstart, att.start)) <= 1
    if opening:
        end = d.speaker_span[1] if d.speaker_span else (d.speaker.norm_end if d.speaker else att.end)
        probe = ClaimDraft(sentence=s, verb=PhraseHit(end, end, "say", ""), claim_type="say", speaker=d.speaker)
        return _type_from_content(doc, probe)
    probe = ClaimDraft(sentence=replace(s, nend=att.start), verb=PhraseHit(s.nstart, s.nstart, "say", ""),
                       claim_type="say", speaker=d.speaker)
    return _type_from_content(doc, probe)


def _merge_repeats(doc: Document, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """One statement told twice is one claim: a headline restated by the lede, and a speaker's
    follow-up sentence ("ووصف المسؤول …", "وأكد البيان …") that repeats the same type of claim."""
    out: list[ClaimDraft] = []
    for d in drafts:
        key = d.speaker_key
        if key is not None and any(p.sentence.index == d.sentence.index and p.speaker_key == key
                                   and p.claim_type == d.claim_type for p in out):
            continue  # "ربط … وتحدث العسكري عن …": one accusation in one sentence
        new_subjects = {m.entity_id for m, r in d.subjects if r != "mentioned"}
        # (a responsibility claim in another sentence may be about another attack: the pipeline
        # merges those that turn out to be about the same event)
        dup = next((p for p in reversed(out) if p.speaker_key == key and key is not None
                    and p.claim_type == d.claim_type != "responsibility_claim"
                    and d.sentence.index - p.sentence.index <= 2
                    and new_subjects <= {m.entity_id for m, r in p.subjects if r != "mentioned"}), None)
        if dup is not None and d.sentence.index != dup.sentence.index:
            if dup.sentence.is_headline and not d.sentence.is_headline:
                out[out.index(dup)] = d  # keep the lede's fuller version
            continue
        out.append(d)
    headline = [d for d in out if d.sentence.is_headline]
    body = [o for o in out if not o.sentence.is_headline]
    for h in headline:
        # the headline sums up what the body tells: the same claim by the same speaker, or by its
        # spokesman ("… وحكومة الإقليم تطالب بغداد" → the KRG spokesman's demand), is counted there
        if any(o.claim_type == h.claim_type and (o.speaker_key == h.speaker_key or (
                h.speaker is not None and o.speaker is not None and not o.anonymous
                and _parent(o.speaker.entity_id) == h.speaker.entity_id)) for o in body):
            out.remove(h)
    return out


def _parent(actor_id: str) -> str | None:
    rec = load_actors().get(actor_id)
    return rec.parent_actor_id if rec is not None else None


def _assign_via_and_subjects(doc: Document, d: ClaimDraft, actor_type) -> None:
    s = d.sentence
    speaker_id = d.speaker.entity_id if d.speaker else None
    for m in s.actors:
        if m.entity_id == speaker_id:
            continue
        if d.speaker_span and d.speaker_span[0] <= m.norm_start < d.speaker_span[1]:
            continue
        if actor_type(m.entity_id) == "media":
            if d.via is None and (_is_channel(doc, m, s.nstart) or m.norm_start > d.verb.start):
                d.via = m
            continue
        if m.norm_start < d.verb.start:
            continue
        role = SUBJECT_ROLE.get(d.claim_type, "mentioned")
        if d.claim_type == "responsibility_claim" and speaker_id is not None and not d.anonymous:
            role = "mentioned"  # the claimant credits itself; the others named are its targets
        if all(m.entity_id != x.entity_id for x, _ in d.subjects):
            d.subjects.append((m, role))
    if d.claim_type in ("denial", "responsibility_claim") and d.speaker is not None and not d.anonymous:
        role = SUBJECT_ROLE[d.claim_type]
        if not any(x.entity_id == d.speaker.entity_id for x, _ in d.subjects):
            d.subjects.insert(0, (d.speaker, role))
