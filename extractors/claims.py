"""Claims: who said, claimed, denied, accused, condemned, threatened or demanded what.

For each speech-act verb outside quotation marks (lexicon ``claims.yaml``), the speaker is found
in this order:

1. an actor or an anonymous source right after the verb (Arabic verb-subject order:
   "وقالت خلية الإعلام الأمني", "أفاد مصدر أمني");
2. a subject before the verb in the same clause (topicalised: "الكاظمي أكد", "وكان مسؤولون … كشفت");
3. an anaphoric noun ("البيان", "المصدر") or a pronoun verb ("وقالوا", "وقالت إن"): the previous
   claim's speaker.

The channel ("لوكالة رويترز", "عبر تويتر", "نقلته NBC") is a media actor introduced by a
channel cue and is kept apart from the speaker.  Anonymous speakers keep their description as
``speaker_text``.  Other actors after the verb are the claim's subjects, with a role that
follows from the claim type.
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
_COMPLEMENTIZER = re.compile(r"(?<!\w)(?:و?ان|بان|انه|انها|انهم|:)(?!\w)")
_INCIDENT_WORDS = re.compile(r"(?:صاروخ|صواريخ|هجوم|هجمات|قصف|استهداف|طائر|مسير|عبو|انفجار|سقط|اطلق|مقتل|اصاب|قتل|"
                             r"جرح|ضرب|غار|قذائف|تفجير)")
_STOP_PHRASE = re.compile(r"[،,.:؛\"“”«»()]|(?<!\w)(?:ان|أن|إن|انه|بان|الى|على|في|من|عن|ل|الذي|التي)(?!\w)")


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


@lru_cache(maxsize=1)
def _lex() -> dict:
    lex = load_lexicon("claims")
    verbs: dict[str, str] = {}
    for ctype, forms in lex["claim_verbs"].items():
        for f in forms:
            verbs.setdefault(f, ctype)
    return {
        "verbs": PhraseMatcher(verbs),
        "continuations": PhraseMatcher({w: True for w in lex["continuations"]}),
        "attributions": PhraseMatcher({w: True for w in lex["attributions"]}),
        "channels": [normalize_term(c) for c in lex["channel_cues"]],
        "anon_heads": PhraseMatcher({w: True for w in lex["anonymous_heads"]}),
        "anon_markers": PhraseMatcher({w: True for w in lex["anonymity_markers"]}, prefix=True),
        "anaphora": PhraseMatcher({w: True for w in lex["speaker_anaphora"]}),
        "requires": {normalize_term(k): [normalize_term(x) for x in v]
                     for k, v in lex["accusation_requires"].items()},
    }


def _inside_quotes(text: str, start: int, pos: int) -> bool:
    return len(_QUOTES.findall(text, start, pos)) % 2 == 1


def _is_channel(doc: Document, m: Match, sentence_start: int) -> bool:
    """A media actor preceded by a channel cue ("لـ", "عبر", "نقلته") is the channel, not the speaker."""
    before = doc.text[max(sentence_start, m.norm_start - 25):m.norm_start].rstrip(" \"'“”«»ـ")
    raw_before = doc.nt.original[max(0, m.start - 3):m.start]
    if "لـ" in raw_before or raw_before.rstrip(" \"'“”«»").endswith("ل"):
        return True
    return any(before.endswith(c) for c in _lex()["channels"] if len(c) > 1)


def _noun_phrase_end(text: str, start: int, limit: int, max_words: int = 5) -> int:
    """End of a short noun phrase from ``start``: stops at punctuation, complementizers, prepositions."""
    m = _STOP_PHRASE.search(text, start, limit)
    end = m.start() if m else limit
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > max_words:
        end = start + words[max_words - 1].end()
    return end


def _speaker_after(doc: Document, d: ClaimDraft, actor_type) -> bool:
    s, v = d.sentence, d.verb
    text = doc.text
    comp = _COMPLEMENTIZER.search(text, v.end, s.nend)
    window_end = min(comp.start() if comp else s.nend, v.end + 60)
    gap_ok = re.compile(r"^[\s\"“”«»ـ]*(?:\S+\s+){0,2}?[\s\"“”«»ـ]*$")
    for m in d.sentence.actors:
        if v.end <= m.norm_start < window_end:
            if actor_type(m.entity_id) == "media" and _is_channel(doc, m, s.nstart):
                continue
            if gap_ok.match(text[v.end:m.norm_start]) or m.norm_start - v.end <= 3:
                d.speaker = m
                d.speaker_text = m.surface
                return True
    lex = _lex()
    head = lex["anon_heads"].first(text, v.end, window_end)
    if head is not None and head.start - v.end <= 4:
        end = _noun_phrase_end(text, head.start, s.nend)
        d.speaker_text = doc.nt.original_span(head.start, end)
        d.speaker_span = (head.start, end)
        d.anonymous = not any(head.start <= m.norm_start < end for m in s.actors if actor_type(m.entity_id) != "media")
        if not d.anonymous:
            d.speaker = next(m for m in s.actors if head.start <= m.norm_start < end)
        return True
    ana = lex["anaphora"].first(text, v.end, window_end)
    if ana is not None and ana.start - v.end <= 3:
        d.inherited = True
        return False
    return False


def _speaker_before(doc: Document, d: ClaimDraft, actor_type) -> bool:
    s, v = d.sentence, d.verb
    text = doc.text
    clause_start = s.nstart
    for sep in ("،", ",", ":", "."):
        i = text.rfind(sep, s.nstart, v.start)
        clause_start = max(clause_start, i + 1 if i >= 0 else s.nstart)
    cands = [m for m in s.actors if clause_start <= m.norm_start and m.norm_end <= v.start
             and not (actor_type(m.entity_id) == "media" and _is_channel(doc, m, s.nstart))]
    if cands:
        d.speaker = cands[0]
        d.speaker_text = cands[0].surface
        return True
    head = _lex()["anon_heads"].first(text, clause_start, v.start)
    if head is not None:
        end = _noun_phrase_end(text, head.start, v.start)
        d.speaker_text = doc.nt.original_span(head.start, end)
        d.speaker_span = (head.start, end)
        d.anonymous = True
        return True
    return False


def _quote(doc: Document, d: ClaimDraft) -> str | None:
    s, v = d.sentence, d.verb
    text = doc.text
    q = _QUOTES.search(text, v.end, s.nend)
    if q:
        close = _QUOTES.search(text, q.end(), s.nend)
        if close and close.start() - q.end() > 3:
            return doc.nt.original_span(q.end(), close.start()).strip()
    comp = _COMPLEMENTIZER.search(text, v.end, s.nend)
    if comp:
        span = doc.nt.original_span(comp.end(), s.nend).strip(" \"“”«».,،")
        return span or None
    return None


def find_claims(doc: Document, actor_type) -> list[ClaimDraft]:
    """Claim drafts in reading order; ``actor_type(actor_id)`` gives an actor's type."""
    lex = _lex()
    drafts: list[ClaimDraft] = []
    last_speaker: ClaimDraft | None = None
    for s in doc.sentences:
        if s.is_boilerplate:
            continue
        hits = lex["verbs"].finditer(doc.text, s.nstart, s.nend)
        seen_types: set[str] = set()
        sentence_drafts: list[ClaimDraft] = []
        for h in hits:
            if _inside_quotes(doc.text, s.nstart, h.start):
                continue
            ctype = h.value
            if ctype == "accusation" and (req := lex["requires"].get(h.phrase)):
                window = doc.text[h.end:min(s.nend, h.end + 80)]
                if not any(r in window for r in req):
                    continue
            if ctype == "say":
                if sentence_drafts:
                    continue  # "نفى … وقال": the same speaker's one statement
                ctype = "report"
            if ctype in seen_types:
                continue
            seen_types.add(ctype)
            d = ClaimDraft(sentence=s, verb=h, claim_type=ctype)
            if not _speaker_after(doc, d, actor_type) and not _speaker_before(doc, d, actor_type):
                prev = sentence_drafts[-1] if sentence_drafts else last_speaker
                if prev is not None and (prev.speaker or prev.speaker_text):
                    d.speaker, d.speaker_text, d.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
                    d.speaker_span = prev.speaker_span
                    d.inherited = True
            if lex["anon_markers"].finditer(doc.text, s.nstart, s.nend) and d.speaker is not None \
                    and actor_type(d.speaker.entity_id) != "person":
                d.anonymous = d.anonymous or d.speaker is None
            elif lex["anon_markers"].finditer(doc.text, s.nstart, s.nend) and d.speaker is None:
                d.anonymous = True
            if d.claim_type == "report" and not _INCIDENT_WORDS.search(doc.text, h.end, s.nend):
                d.claim_type = "statement"
            d.quote = _quote(doc, d)
            sentence_drafts.append(d)
        if not sentence_drafts:
            att = lex["attributions"].first(doc.text, s.nstart, s.nend)
            if att is not None:
                d = ClaimDraft(sentence=s, verb=att, claim_type="report")
                src = [m for m in s.actors if m.norm_start >= att.end and m.norm_start - att.end <= 30]
                if src:
                    d.speaker, d.speaker_text = src[0], src[0].surface
                else:
                    head = lex["anon_heads"].first(doc.text, att.end, min(s.nend, att.end + 20))
                    if head is not None:
                        end = _noun_phrase_end(doc.text, head.start, s.nend)
                        d.speaker_text, d.anonymous = doc.nt.original_span(head.start, end), True
                        d.speaker_span = (head.start, end)
                if d.speaker or d.speaker_text:
                    if not _INCIDENT_WORDS.search(doc.nt.text, s.nstart, s.nend):
                        d.claim_type = "statement"
                    sentence_drafts.append(d)
        for d in sentence_drafts:
            _assign_via_and_subjects(doc, d, actor_type)
        drafts.extend(sentence_drafts)
        named = [d for d in sentence_drafts if d.speaker or d.speaker_text]
        if named:
            last_speaker = named[-1]
    return drafts


def _assign_via_and_subjects(doc: Document, d: ClaimDraft, actor_type) -> None:
    s = d.sentence
    speaker_id = d.speaker.entity_id if d.speaker else None
    for m in s.actors:
        if m.entity_id == speaker_id:
            continue
        if d.speaker_span and d.speaker_span[0] <= m.norm_start < d.speaker_span[1]:
            continue
        if actor_type(m.entity_id) == "media":
            if d.via is None:
                d.via = m
            continue
        if m.norm_start < d.verb.start:
            continue
        role = SUBJECT_ROLE.get(d.claim_type, "mentioned")
        if all(m.entity_id != x.entity_id for x, _ in d.subjects):
            d.subjects.append((m, role))
    if d.claim_type in ("denial", "responsibility_claim") and d.speaker is not None:
        role = SUBJECT_ROLE[d.claim_type]
        if not any(x.entity_id == d.speaker.entity_id for x, _ in d.subjects):
            d.subjects.insert(0, (d.speaker, role))
