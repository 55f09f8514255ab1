"""Article text (+ publication date) → :class:`~extractors.model.ArticleExtraction`.

The steps: publication date (metadata, else inferred from the text), the prepared document
(sentences, actors, places, dates), incident frames, claims, then the links between them: which
claim is about which frame, each frame's claim status, and the actors' roles in each incident.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

from .claims import ClaimDraft, find_claims
from .dates import infer_publication_date
from .dictionaries import load_actors, load_locations, load_org_cues
from .document import Document, build_document
from .incidents import FrameDraft, date_precision, frame_date, frame_figures, frame_places, frame_target, group_frames
from .lexicon import PhraseMatcher
from .matcher import Match, find_unverified_orgs
from .model import (
    ActorMention,
    ArticleExtraction,
    Claim,
    ClaimActor,
    IncidentActor,
    IncidentFrame,
    PlaceMention,
    SentenceOut,
    UnverifiedActor,
)
from .normalize import normalize, normalize_term

_DISOWN = PhraseMatcher({w: True for w in ("تبرأ", "تبرأت", "تتبرأ", "يتبرأ", "تبرؤوا", "تبرأوا", "تنصل", "تنصلت",
                                            "يتنصل", "تتنصل")}, prefix=True)
# singular, definite references to one event: "تبنت بعضها" / "الهجمات" speak of a series, not this incident
_ATTACK_REF = ("الهجوم", "القصف", "الاستهداف", "العمليه", "الضربه", "الاعتداء", "الصواريخ", "التفجير", "استهداف")


@lru_cache(maxsize=1)
def _actor_types() -> dict[str, str]:
    return {a.actor_id: a.actor_type for a in load_actors().values()}


@lru_cache(maxsize=1)
def _locations() -> dict:
    return load_locations()


def _ancestors(location_id: str) -> set[str]:
    locs = _locations()
    out: set[str] = set()
    cur = locs.get(location_id)
    while cur is not None and cur.parent_location_id and cur.parent_location_id not in out:
        out.add(cur.parent_location_id)
        cur = locs.get(cur.parent_location_id)
    return out


def _precision(location_id: str) -> int:
    loc = _locations().get(location_id)
    return int(loc.geo_precision) if loc is not None else 9


def unverified_actor_id(name: str) -> str:
    return "unv_" + hashlib.sha1(normalize_term(name).encode("utf-8")).hexdigest()[:12]


def _actor_type(unverified: dict[str, str]):
    types = _actor_types()

    def lookup(actor_id: str) -> str:
        return types.get(actor_id) or unverified.get(actor_id) or "other"

    return lookup


def _frame_for_claim(doc: Document, d: ClaimDraft, frames: list[FrameDraft], main: int | None) -> int | None:
    # the article's own events first: a sentence about the main attack may also recall an old one
    holding = [i for i, f in enumerate(frames)
               if any(s.index == d.sentence.index for s in f.sentences + f.context_sentences)]
    # "ويأتي الهجوم بعد أسابيع من هجوم صاروخي استهدف مطار أربيل، وتبنته الجماعة ذاتها": a claim told
    # after a recalled event in the same sentence is about that event
    recalled = [i for i in holding if frames[i].is_background
                and any(m.sentence.index == d.sentence.index and m.pos < d.verb.start for m in frames[i].mentions)]
    if recalled:
        return max(recalled, key=lambda i: max(m.pos for m in frames[i].mentions
                                               if m.sentence.index == d.sentence.index))
    if holding:
        return min(holding, key=lambda i: (frames[i].is_background, i))
    if main is None:
        return None
    window = doc.text[d.verb.start:d.sentence.nend]
    if d.claim_type in ("responsibility_claim", "denial", "accusation", "condemnation") \
            and any(w in window for w in _ATTACK_REF):
        return main
    return None


# a speaker condemns, denies or claims one attack once however often it is worded
_ONCE_PER_EVENT = frozenset({"condemnation", "denial", "responsibility_claim"})


def _merge_same_event(claims: list[ClaimDraft], frame_of: list[int | None]) -> tuple[list[ClaimDraft],
                                                                                      list[int | None]]:
    """"استنكرت السفارة الهجمات …" then "وذكرت السفارة … أن حكومة الولايات المتحدة تدين الهجوم": the
    same speaker's second condemnation (denial, claim) of the same event, a sentence or two later,
    is the same claim even when it names other actors."""
    out_c: list[ClaimDraft] = []
    out_f: list[int | None] = []
    for c, fi in zip(claims, frame_of, strict=True):
        key = c.speaker_key
        if fi is not None and key is not None and c.claim_type in _ONCE_PER_EVENT and any(
                f == fi and p.speaker_key == key and p.claim_type == c.claim_type
                and 0 < c.sentence.index - p.sentence.index <= 2 for p, f in zip(out_c, out_f, strict=True)):
            continue
        out_c.append(c)
        out_f.append(fi)
    return out_c, out_f


def _one_claim_per_event(claims: list[ClaimDraft], frame_of: list[int | None],
                         frames: list[FrameDraft]) -> tuple[list[ClaimDraft], list[int | None]]:
    """"تبنت X هجومين …، الأول … والثاني …": a claim or denial in a sentence that reports two of the
    article's own events is one claim about each of them."""
    out_c: list[ClaimDraft] = []
    out_f: list[int | None] = []
    for c, fi in zip(claims, frame_of, strict=True):
        out_c.append(c)
        out_f.append(fi)
        if c.claim_type not in ("responsibility_claim", "denial") or fi is None or frames[fi].is_background:
            continue
        for j, f in enumerate(frames):
            if j != fi and not f.is_background and any(m.sentence.index == c.sentence.index for m in f.mentions):
                out_c.append(c)
                out_f.append(j)
    return out_c, out_f


def _claim_status(claims: list[ClaimDraft], frame_of: list[int | None], idx: int, doc: Document,
                  frames: list[FrameDraft]) -> str:
    claimed = any(c.claim_type == "responsibility_claim" and f == idx for c, f in zip(claims, frame_of, strict=False))
    # "الهجوم الثاني الذي تتبرأ منه الفصائل … بعد واقعة X": a disowning sentence covers every frame it touches
    disowned = any(_DISOWN.finditer(doc.text, s.nstart, s.nend)
                   for s in frames[idx].sentences + frames[idx].context_sentences) or any(
        c.claim_type == "denial" and f == idx and _DISOWN.finditer(doc.text, c.verb.start, c.verb.end + 6)
        for c, f in zip(claims, frame_of, strict=True))
    if claimed and disowned:
        return "disputed"
    if claimed:
        return "claimed"
    if disowned:
        return "disowned"
    return "unclaimed"


def extract_article(text: str, published: dt.date | None = None, outlet: str | None = None) -> ArticleExtraction:
    """Extract everything the marts need from one article; all spans are original offsets."""
    if published is not None:
        pub_source = "metadata"
    else:
        published, pub_source = infer_publication_date(normalize(text).text)
        pub_source = pub_source if published is not None else "unknown"
    doc = build_document(text, published, outlet)
    nt = doc.nt
    out = ArticleExtraction(published_date=published, published_date_source=pub_source, outlet=outlet)

    for s in doc.sentences:
        out.sentences.append(SentenceOut(s.index, s.start, s.end, text[s.start:s.end], s.is_boilerplate))

    def sentence_index(norm_pos: int) -> int:
        sv = doc.sentence_at(norm_pos)
        return sv.index if sv is not None else 0

    # ---- actors (dictionary, then cue-introduced organisations the dictionary lacks)
    unverified: dict[str, str] = {}
    mentions: list[tuple[Match, str, str]] = [(m, m.entity_id, m.kind) for m in doc.actors]
    org_cues = load_org_cues()
    for cand in find_unverified_orgs(nt, org_cues.cues, org_cues.stop_words, doc.actors):
        aid = unverified_actor_id(cand.display_name)
        if aid not in unverified:
            unverified[aid] = cand.actor_type
            out.unverified_actors.append(UnverifiedActor(aid, cand.display_name, cand.actor_type, cand.cue))
        m = Match(entity_id=aid, start=cand.start, end=cand.end, surface=cand.name, norm_start=cand.norm_start,
                  norm_end=cand.norm_end, kind="cue", alias=normalize_term(cand.name))
        mentions.append((m, aid, "cue"))
        sv = doc.sentence_at(cand.norm_start)
        if sv is not None:
            sv.actors.append(m)
            sv.actors.sort(key=lambda x: x.norm_start)
    mentions.sort(key=lambda t: t[0].start)
    for i, (m, aid, kind) in enumerate(mentions):
        out.actor_mentions.append(ActorMention(i, aid, text[m.start:m.end], sentence_index(m.norm_start),
                                               m.start, m.end, kind))
    actor_type = _actor_type(unverified)

    # ---- incidents
    frames = group_frames(doc, _ancestors, _precision)
    frame_place_roles: dict[tuple[int, int], str] = {}
    main = next((i for i, f in enumerate(frames) if not f.is_background), None)
    claims = find_claims(doc, actor_type)
    frame_of = [_frame_for_claim(doc, c, frames, main) for c in claims]
    claims, frame_of = _merge_same_event(claims, frame_of)
    claims, frame_of = _one_claim_per_event(claims, frame_of, frames)
    for i, f in enumerate(frames):
        figs = frame_figures(doc, f)
        struck, launch = frame_places(f, _precision, _ancestors, doc)
        if struck is not None:
            frame_place_roles[(struck.start, struck.end)] = "struck"
        if launch is not None:
            frame_place_roles[(launch.start, launch.end)] = "launch"
        when = frame_date(f)
        incident_date, precision = date_precision(when)
        target_name, target_type = frame_target(doc, f)
        trig = f.first
        s = trig.sentence
        filled = sum(x is not None for x in (f.weapon, incident_date, struck, figs.munitions, figs.killed))
        confidence = round(min(1.0, 0.4 + 0.1 * filled + (0.1 if not f.is_background else 0.0)), 2)

        def rng(fig):
            return (fig.min, fig.max) if fig is not None else (None, None)

        mun, kil, inj = rng(figs.munitions), rng(figs.killed), rng(figs.injured)
        out.incidents.append(IncidentFrame(
            frame_index=i, is_background=f.is_background, event_type=f.event_type, weapon=f.weapon,
            incident_date=incident_date, date_precision=precision, date_text=when.text if when else None,
            location_id=struck.entity_id if struck else None, launch_location_id=launch.entity_id if launch else None,
            target_name=target_name, target_type=target_type, munitions_min=mun[0], munitions_max=mun[1],
            intercepted=figs.intercepted.min if figs.intercepted is not None else None,
            killed_min=kil[0], killed_max=kil[1], injured_min=inj[0], injured_max=inj[1],
            civilian_casualties=figs.civilian, claim_status=_claim_status(claims, frame_of, i, doc, frames),
            sentence_index=s.index, char_start=s.start, char_end=s.end, evidence_text=text[s.start:s.end],
            confidence=confidence))

    # ---- places
    for i, p in enumerate(sorted(doc.places, key=lambda x: x.start)):
        role = frame_place_roles.get((p.start, p.end), "mention")
        out.place_mentions.append(PlaceMention(i, p.entity_id, text[p.start:p.end], sentence_index(p.norm_start),
                                               p.start, p.end, role))

    # ---- claims and roles
    roles: set[tuple[int, str, str]] = set()
    for ci, (d, fi) in enumerate(zip(claims, frame_of, strict=False)):
        s = d.sentence
        speaker_id = d.speaker.entity_id if d.speaker is not None and not d.anonymous else None
        claim_date = None
        if s.dates:
            claim_date = s.dates[0].date if s.dates[0].precision == "day" else None
        quote = d.quote if d.quote and len(d.quote) < 2000 else None
        out.claims.append(Claim(
            claim_index=ci, sentence_index=s.index, char_start=s.start, char_end=s.end, frame_index=fi,
            speaker_actor_id=speaker_id, speaker_text=d.speaker_text, speaker_anonymous=d.anonymous,
            claim_type=d.claim_type, predicate=nt.original_span(d.verb.start, d.verb.end), via_actor_id=(
                d.via.entity_id if d.via is not None else None), quote_text=quote, claim_date=claim_date,
            confidence=0.6 if d.inherited else (0.8 if d.speaker_text else 0.5)))
        for m, role in d.subjects:
            out.claim_actors.append(ClaimActor(ci, m.entity_id, role))
        if fi is None:
            continue
        if d.claim_type == "responsibility_claim" and speaker_id:
            roles.add((fi, speaker_id, "claimed_perpetrator"))
        if d.claim_type == "denial" and speaker_id:
            roles.add((fi, speaker_id, "denier"))
        if d.claim_type == "accusation":
            for m, _ in d.subjects:
                if actor_type(m.entity_id) in ("militia", "state", "state_military", "political_party", "person",
                                               "security_force", "organization"):
                    roles.add((fi, m.entity_id, "alleged_perpetrator"))
        if d.claim_type == "condemnation" and speaker_id:
            roles.add((fi, speaker_id, "responder"))
    # de-duplicate claim subjects (same actor twice with the same role in one claim)
    out.claim_actors = list({(c.claim_index, c.actor_id, c.role): c for c in out.claim_actors}.values())
    out.incident_actors = [IncidentActor(fi, aid, role) for fi, aid, role in sorted(roles)]
    return out
