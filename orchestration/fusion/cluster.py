"""From pair scores to incidents, and from incidents to stable ids.

Clustering is best-first and *complete-link on compatibility*: matching pairs are merged in order of
score, but two groups merge only if every frame of one is compatible (no veto, not the same article)
with every frame of the other.  So a vague report ("a drone attack on Harir in October") can join
one of two attacks on Harir that month but can never chain them into one incident.  A frame whose
best matches are tied between incidents that cannot be one is *ambiguous* and left on its own rather
than attached by a coin toss.

Ids are kept across runs: a full run re-clusters all frames (so better extraction can also split an
incident), then each incident inherits the id most of its frames had in the previous run
(``fusion.incident_registry``).  An incident with no previous id takes the key of its
earliest-reported frame, so an incident reported once keeps the id it had before fusion existed.

Incremental runs (:func:`fuse_increment`): when the previous run's frames are all still there,
unchanged, and scored by the same scorer and gazetteer, their incidents stand; only pairs with a
new frame are scored, and the new frames are clustered into (or between) those incidents by the same
best-first, complete-link rules, with the old frames' compatibility read back from the stored pairs.
The result can differ from a full run only in the order ties are broken, and any change to old
frames, the scorer or the gazetteer makes the next run a full one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .score import AMBIGUITY_MARGIN, Frame, Gazetteer, PairScore, candidate_pairs


@dataclass(frozen=True)
class Fusion:
    """The outcome of one fusion run."""

    pairs: list[PairScore]
    incident_of: dict[str, str]       # frame key -> incident id
    decision: dict[tuple[str, str], str]  # (key a, key b) -> fused | ambiguous | conflict | below_threshold | vetoed
    ambiguous: frozenset[str]         # frame keys left unfused because their best matches conflict


def _ambiguous_frames(matches: Iterable[tuple[str, str, float]], compatible: set[tuple[str, str]]) -> frozenset[str]:
    """Frames whose closest matches (key a, key b, score) include two that cannot be one incident."""
    best: dict[str, list[tuple[float, str]]] = {}
    for a, b, score in matches:
        best.setdefault(a, []).append((score, b))
        best.setdefault(b, []).append((score, a))
    out = set()
    for key, options in best.items():
        top = max(score for score, _ in options)
        close = sorted(other for score, other in options if score >= top - AMBIGUITY_MARGIN)
        if any((x, y) not in compatible for i, x in enumerate(close) for y in close[i + 1:]):
            out.add(key)
    return frozenset(out)


def _clusters(frames: list[Frame], pairs: list[PairScore], known_compatible: Iterable[tuple[str, str]] = (),
              initial: Iterable[list[Frame]] = ()) -> tuple[list[list[Frame]], dict, frozenset[str]]:
    """Best-first complete-link clustering of ``frames`` over the matching ``pairs``.

    ``initial`` groups (the standing incidents of an incremental run) start merged;
    ``known_compatible`` adds compatible pairs that were not scored this run."""
    compatible = {(p.a.key, p.b.key) for p in pairs if p.veto is None} | set(known_compatible)
    compatible |= {(b, a) for a, b in compatible}
    matches = [p for p in pairs if p.is_match]
    ambiguous = _ambiguous_frames(((p.a.key, p.b.key, p.score) for p in matches), compatible)

    group = {f.key: f.key for f in frames}
    members = {f.key: [f] for f in frames}
    for block in initial:
        head = block[0].key
        for f in block[1:]:
            group[f.key] = head
            members[head].append(f)
            del members[f.key]
    decision: dict[tuple[str, str], str] = {}
    for p in sorted(matches, key=lambda p: (-p.score, p.a.key, p.b.key)):
        pair = (p.a.key, p.b.key)
        if p.a.key in ambiguous or p.b.key in ambiguous:
            decision[pair] = "ambiguous"
            continue
        ga, gb = group[p.a.key], group[p.b.key]
        if ga == gb:
            decision[pair] = "fused"
            continue
        if any((x.key, y.key) not in compatible for x in members[ga] for y in members[gb]):
            decision[pair] = "conflict"
            continue
        for f in members[gb]:
            group[f.key] = ga
        members[ga].extend(members.pop(gb))
        decision[pair] = "fused"
    for p in pairs:
        pair = (p.a.key, p.b.key)
        if pair not in decision:
            decision[pair] = "vetoed" if p.veto else "below_threshold"
    clusters = sorted((sorted(m, key=lambda f: f.report_order) for m in members.values()),
                      key=lambda m: m[0].report_order)
    return clusters, decision, ambiguous


def assign_ids(clusters: list[list[Frame]], previous: Mapping[str, str]) -> dict[str, str]:
    """frame key -> incident id, inheriting ``previous`` ids (frame key -> incident id) where possible.

    An id goes to the cluster holding most of its frames (ties: the earliest-reported cluster); a
    cluster takes the id most of its frames held.  Clusters left without an id take the key of their
    earliest-reported frame not already in use.  ``clusters`` are ordered earliest-reported first,
    each sorted the same way."""
    offers = []
    for i, cluster in enumerate(clusters):
        votes = Counter(previous[f.key] for f in cluster if f.key in previous)
        offers.extend((-n, i, incident_id) for incident_id, n in votes.items())
    chosen: dict[int, str] = {}
    used: set[str] = set()
    for _, i, incident_id in sorted(offers):
        if i not in chosen and incident_id not in used:
            chosen[i] = incident_id
            used.add(incident_id)
    for i, cluster in enumerate(clusters):
        if i in chosen:
            continue
        fresh = next((f.key for f in cluster if f.key not in used), None)
        if fresh is None:  # every frame key already names another incident
            fresh = hashlib.md5(("incident:" + ":".join(sorted(f.key for f in cluster))).encode()).hexdigest()
        chosen[i] = fresh
        used.add(fresh)
    return {f.key: chosen[i] for i, cluster in enumerate(clusters) for f in cluster}


def fuse(frames: Iterable[Frame], gazetteer: Gazetteer, previous: Mapping[str, str] | None = None) -> Fusion:
    """Score every candidate pair, cluster, and assign ids (inheriting ``previous``)."""
    frames = list(frames)
    pairs = list(candidate_pairs(frames, gazetteer))
    clusters, decision, ambiguous = _clusters(frames, pairs)
    return Fusion(pairs, assign_ids(clusters, previous or {}), decision, ambiguous)


@dataclass(frozen=True)
class StoredPair:
    """A pair scored in an earlier run, as ``fusion.frame_pairs`` keeps it."""

    key_a: str
    key_b: str
    score: float
    is_match: bool
    compatible: bool  # no veto


def _old_frames_turned_ambiguous(new_matches: list[PairScore], old_matches: list[StoredPair],
                                 compatible: set[tuple[str, str]], old: set[str]) -> bool:
    """Would a new report make a standing frame ambiguous (its closest matches now conflict)?

    A full run would then take that frame out of its incident, so the increment must not stand."""
    triples = [(p.a.key, p.b.key, p.score) for p in new_matches] + [(p.key_a, p.key_b, p.score) for p in old_matches]
    touched = {p.a.key for p in new_matches} | {p.b.key for p in new_matches}
    return bool(_ambiguous_frames(triples, compatible) & touched & old)


def fuse_increment(frames: Iterable[Frame], new_keys: frozenset[str], gazetteer: Gazetteer,
                   previous: Mapping[str, str],
                   stored_pairs: Callable[[set[str]], Iterable[StoredPair]]) -> Fusion | None:
    """Add the frames ``new_keys`` to the incidents ``previous`` (frame key -> incident id) holds.

    Scores only pairs with a new frame.  ``stored_pairs(keys)`` returns the earlier runs' pairs with
    a frame in ``keys``: the complete-link test needs the old frames' compatibility when a new frame
    joins an incident or bridges two, and the ambiguity test needs their matches.  Returns ``None``
    when a new report would make a standing frame ambiguous (only a full run can take it out of its
    incident).  ``Fusion.pairs`` holds the new pairs only."""
    frames = list(frames)
    pairs = list(candidate_pairs(frames, gazetteer, involving=new_keys))
    standing: dict[str, list[Frame]] = {}
    for f in frames:
        if f.key not in new_keys:
            standing.setdefault(previous[f.key], []).append(f)
    new_matches = [p for p in pairs if p.is_match]
    touched = {p.a.key for p in new_matches} | {p.b.key for p in new_matches}
    old_keys = {f.key for incident in {previous[k] for k in touched if k in previous} for f in standing[incident]}
    stored = list(stored_pairs(old_keys)) if old_keys else []
    compatible = {(p.key_a, p.key_b) for p in stored if p.compatible}
    compatible |= {(p.a.key, p.b.key) for p in pairs if p.veto is None}
    compatible |= {(b, a) for a, b in compatible}
    old_matches = [p for p in stored if p.is_match]
    if _old_frames_turned_ambiguous(new_matches, old_matches, compatible, set(previous)):
        return None
    initial = [sorted(block, key=lambda f: f.report_order) for block in standing.values()]
    clusters, decision, ambiguous = _clusters(frames, pairs, compatible, initial)
    return Fusion(pairs, assign_ids(clusters, previous), decision, ambiguous)
