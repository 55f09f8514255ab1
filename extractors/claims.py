"""Claims: who said, claimed, denied, accused, condemned, threatened or demanded what.

For each speech-act verb (lexicon ``claims.yaml``) that is not inside a quotation or inside the
reported content of an earlier verb, the speaker is found in this order:

1. right after the verb (Arabic verb-subject order: "وقالت خلية الإعلام الأمني", "أفاد مصدر أمني",
   "كشفت ثلاثة مصادر"); "نقل موقع X عن مسؤول" makes the official the speaker and X the channel;
2. a topicalised subject opening the sentence ("المصادر الثلاثة … قالت", "صابرين نيوز أضافت",
   "مسؤولون أميركيون: …"), else the nearest actor before the verb ("… تحت اسم صابرين نيوز … إذ أفادت");
3. an anaphoric noun ("البيان", "المسؤول") or a pronoun verb ("وقالوا", "وقالت إن"): the previous
   claim's speaker.

The claim type comes from the verb when the verb carries it (نفى، تبنى، اتهم، أدان …), else from
what the complement says (content cues: "لا علاقة" → denial, "تقف وراء" → accusation …), else
report (an account of events) or statement (a position).  The channel ("لوكالة رويترز",
"عبر تويتر", "وفق العربي الجديد") is a media actor kept apart from the speaker.  Anonymous speakers
keep their description ("قيادي بارز في كتائب سيد الشهداء") as ``speaker_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .document import Document, SentenceView
from .lexicon import PhraseHit, PhraseMatcher, load_lexicon
from .matcher import Match
from .normalize import normalize_term

SUBJECT_ROLE = {"accusation": "accused", "denial": "denied_for", "condemnation": "condemned",
                "responsibility_claim": "credited"}
_QUOTES = re.compile(r"[\"“”«»]")
_COMPLEMENTIZER = re.compile(r"(?<!\w)(?:و?ان|بان|انه|انها|انهم|بانه|بانها|قائلا|قائله|قولهم|قوله):?(?!\w)|:")
_STOP_PHRASE = re.compile(r"[،,.:؛\"“”«»()]|(?<!\w)(?:ان|انه|بان|الي|علي|عن|الذي|التي|الذين|لوكاله|لقناه|لصحيفه|"
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
    }


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
        actors = [m for m in s.actors if v.end <= m.norm_start < window_end]
        first_actor = next((m for m in actors if not (self.actor_type(m.entity_id) == "media"
                                                      and _is_channel(self.doc, m, s.nstart))), None)
        if head is not None and _PRE_HEAD_TOKENS.match(text[v.end:head.start]) \
                and (first_actor is None or head.start < first_actor.norm_start):
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
            return False
        return False

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
        lead = re.match(r"^[\s\"“”«»]*(?:و|ف)?(?:كان|كانت|اما)?\s*", text[region[0]:region[1]])
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
    opener = next((o for o in _lex()["openers"].finditer(doc.text, start, s.nend) if o.phrase != "كما"), None)
    return start, (opener.start if opener else s.nend)


def _type_from_content(doc: Document, d: ClaimDraft) -> str:
    lex = _lex()
    a, b = _content_window(doc, d)
    if lex["opinion"].first(doc.text, d.verb.start, d.verb.end + 1) is not None:
        return "statement"  # the verb itself weighs the content: "يرجح أن …", "يعتقد …"
    hit = lex["content"].first(doc.text, a, b)
    if hit is not None:
        return hit.value
    inner = lex["verbs"].first(doc.text, a, min(b, a + 60))
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


def find_claims(doc: Document, actor_type) -> list[ClaimDraft]:
    """Claim drafts in reading order; ``actor_type(actor_id)`` gives an actor's type."""
    lex = _lex()
    speakers = _Speakers(doc, actor_type)
    drafts: list[ClaimDraft] = []
    last: ClaimDraft | None = None
    for s in doc.sentences:
        if s.is_boilerplate:
            continue
        text = doc.text
        editorial = lex["editorial"].finditer(text, s.nstart, s.nend)
        sentence_drafts: list[ClaimDraft] = []
        content_from = None  # reported content of the sentence's previous claim starts here
        for h in lex["verbs"].finditer(text, s.nstart, s.nend):
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
            opener = lex["openers"].finditer(text, max(s.nstart, h.start - 14), h.start)
            d = ClaimDraft(sentence=s, verb=h, claim_type=ctype, typed_by_verb=ctype != "say")
            if _is_participle(h):
                if not sentence_drafts:
                    continue
                prev = sentence_drafts[-1]
                d.speaker, d.speaker_text, d.anonymous, d.inherited = (prev.speaker, prev.speaker_text,
                                                                     prev.anonymous, True)
                d.quote = _quote(doc, d)
                sentence_drafts.append(d)
                continue
            if sentence_drafts and not opener and doc.text[h.start - 1:h.start] == "و":
                # "دان الحلبوسي الهجوم، وطالب الأجهزة الأمنية …": same subject, the noun after is the object
                prev = sentence_drafts[-1]
                if ctype == "say" or ctype == prev.claim_type:
                    continue
                d.speaker, d.speaker_text, d.anonymous, d.inherited = (prev.speaker, prev.speaker_text,
                                                                     prev.anonymous, True)
                d.quote = _quote(doc, d)
                sentence_drafts.append(d)
                continue
            found = speakers.after(d)
            if sentence_drafts and content_from is not None and h.start >= content_from:
                # inside the previous claim's content ("كشفت مصادر أن قيادياً … دعا …"): not a new claim,
                # unless a new clause opens with its own speaker ("فيما سخرت كتائب حزب الله …")
                if not (opener and found):
                    continue
            if sentence_drafts and not found:
                prev = sentence_drafts[-1]
                if ctype == "say" or ctype == prev.claim_type:
                    continue  # "نفى … وقال …": one statement by one speaker
            if not found:
                floor = sentence_drafts[-1].verb.end if sentence_drafts else s.nstart
                found = speakers.before(d, floor) or (not d.inherited and speakers.unlisted(d))
            if not found:
                prev = sentence_drafts[-1] if sentence_drafts else last
                if prev is not None and (prev.speaker or prev.speaker_text):
                    d.speaker, d.speaker_text, d.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
                    d.speaker_span = None
                    d.inherited = True
            if lex["anon_markers"].finditer(text, s.nstart, s.nend) and (
                    d.speaker is None or actor_type(d.speaker.entity_id) not in ("person",)) and d.speaker_text:
                d.anonymous = d.anonymous or d.speaker is None
            if ctype == "say":
                d.claim_type = _type_from_content(doc, d)
                if d.claim_type == "report" and h.phrase.startswith(("اعلن", "تعلن", "يعلن")) \
                        and d.speaker is not None and actor_type(d.speaker.entity_id) == "militia" \
                        and re.match(r"^\s*(?:عن\s+)?(?:ال)?(?:استهداف|قصف|مهاجمه|ضرب)", text[h.end:s.nend]):
                    d.claim_type = "responsibility_claim"  # "أعلنت المقاومة الإسلامية استهداف قاعدة …"
            d.quote = _quote(doc, d)
            comp = _COMPLEMENTIZER.search(text, h.end, s.nend)
            content_from = comp.end() if comp else None
            sentence_drafts.append(d)
            for extra in (_coordinated(doc, d, actor_type) if found and not d.inherited else []):
                sentence_drafts.append(ClaimDraft(sentence=s, verb=h, claim_type=d.claim_type, speaker=extra,
                                                  speaker_text=extra.surface, quote=d.quote,
                                                  typed_by_verb=d.typed_by_verb))
        _attributions(doc, s, sentence_drafts, drafts, speakers)
        for d in sentence_drafts:
            _assign_via_and_subjects(doc, d, actor_type)
        drafts.extend(sentence_drafts)
        named = [d for d in sentence_drafts if d.speaker or d.speaker_text]
        if named:
            last = named[-1]
    # a statement nobody can be named or described as having made is no claim an analyst can use;
    # commentators ("يرى مراقبون") are context, not parties
    kept = [d for d in drafts if (d.speaker is not None or d.speaker_text)
            and not (d.speaker is None and d.speaker_text
                     and lex["commentators"].first(normalize_term(d.speaker_text)) is not None)]
    return _merge_repeats(doc, kept)


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
    """"بحسب X" / "وفق X": a medium is the channel of the claim it closes; a source is a speaker."""
    lex = _lex()
    att = lex["attributions"].first(doc.text, s.nstart, s.nend)
    if att is None:
        return
    src = next((m for m in s.actors if att.end <= m.norm_start <= att.end + 12), None)
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
        head = lex["anon_heads"].first(doc.text, att.end, min(s.nend, att.end + 20))
        if head is None:
            return
        speakers._set_anonymous(d, s, head.start, s.nend)
    d.claim_type = _type_from_content(doc, d)
    sentence_drafts.append(d)


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
        dup = next((p for p in reversed(out) if p.speaker_key == key and key is not None
                    and p.claim_type == d.claim_type and d.sentence.index - p.sentence.index <= 2
                    and new_subjects <= {m.entity_id for m, r in p.subjects if r != "mentioned"}), None)
        if dup is not None and d.sentence.index != dup.sentence.index:
            if dup.sentence.is_headline and not d.sentence.is_headline:
                out[out.index(dup)] = d  # keep the lede's fuller version
            continue
        out.append(d)
    headline = [d for d in out if d.sentence.is_headline]
    for h in headline:
        if any(o is not h and not o.sentence.is_headline and o.speaker_key == h.speaker_key
               and o.claim_type == h.claim_type for o in out):
            out.remove(h)
    return out


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
        if all(m.entity_id != x.entity_id for x, _ in d.subjects):
            d.subjects.append((m, role))
    if d.claim_type in ("denial", "responsibility_claim") and d.speaker is not None and not d.anonymous:
        role = SUBJECT_ROLE[d.claim_type]
        if not any(x.entity_id == d.speaker.entity_id for x, _ in d.subjects):
            d.subjects.insert(0, (d.speaker, role))
