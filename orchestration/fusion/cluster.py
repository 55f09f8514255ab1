"""From pair scores to incidents, and from incidents to stable ids.

**Identical accounts are one node.**  Frames from different articles that say exactly the same thing
about an event — same date and precision, place, means, target type and participants, everything
:func:`~orchestration.fusion.score.signature` covers — score the same against every other frame, so
they are scored once: such a group is one *node*, represented by one of its frames, and fused
together whenever the pair of two of them matches.  A famous attack recalled in passing by thousands
of articles is then one node, not millions of pairs.  A node never holds two frames of one article
(when an article tells two identical events, none of those frames joins a node), and two nodes that
share an article can never be one incident (``same_article`` veto).

**Clustering** is best-first and *complete-link on compatibility*: matching node pairs are merged in
order of score, but two groups merge only if every node of one is compatible (no veto) with every
node of the other.  So a vague report ("a drone attack on Harir in October") can join one of two
attacks on Harir that month but can never chain them into one incident.  A node whose best matches
are tied between incidents that cannot be one is *ambiguous*: its frames are left on their own rather
than attached by a coin toss.  Compatibility is counted between groups as they merge, so a merge test
costs one comparison whatever the groups' sizes.

**Components.**  Merges only follow matching pairs and every test (ambiguity, compatibility) only looks
at nodes joined by them, so the clustering of one connected component of the match graph does not
depend on any other.  An incremental run (:func:`fuse_increment`) uses this: it scores the pairs of the
nodes a new frame joined or created, and re-clusters only the components those touch — the result is
the full run's, with any other incident left exactly as it stands.

**Ids** are kept across runs: each incident inherits the id most of its frames had in the previous
run (``fusion.incident_registry``).  An incident with no previous id takes the key of its
earliest-reported frame, so an incident reported once keeps the id it had before fusion existed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .score import AMBIGUITY_MARGIN, Frame, Gazetteer, PairScore, candidate_pairs, score_pair, signature


@dataclass(frozen=True)
class Node:
    """Identical accounts of one event from different articles (often a single frame)."""

    frames: tuple[Frame, ...]  # the representative first, then the others earliest-reported first

    @property
    def key(self) -> str:
        """The representative frame's key (what ``fusion.frame_pairs`` rows between nodes name)."""
        return self.frames[0].key

    @property
    def rep(self) -> Frame:
        return self.frames[0]

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(f.article_id for f in self.frames)


@dataclass(frozen=True)
class Edge:
    """What clustering needs of a scored node pair (from this run's scores or an earlier run's rows)."""

    a: str
    b: str
    score: float
    is_match: bool
    compatible: bool  # no veto


@dataclass(frozen=True)
class Fusion:
    """The outcome of one fusion run."""

    pairs: list[PairScore]            # node pairs and representative-member pairs scored in this run
    incident_of: dict[str, str]       # frame key -> incident id
    decision: dict[tuple[str, str], str]  # (key a, key b) -> fused | ambiguous | conflict | below_threshold | vetoed
    ambiguous: frozenset[str]         # frame keys left unfused because their best matches conflict
    node_of: dict[str, str]           # frame key -> its node's key


def build_nodes(frames: Iterable[Frame], gazetteer: Gazetteer, previous_node: Mapping[str, str] | None = None
                ) -> list[Node]:
    """Group identical accounts (see the module docstring) into nodes, earliest-reported node first.

    Frames stay on their own when they are too vague to fuse, when two of them would not match each
    other, or when one article tells two identical events (a third report could then be either: each
    frame must weigh its ties itself).  A node keeps the representative it had (``previous_node``:
    frame key -> node key), so the pairs an earlier run stored under that key stay valid when the node
    gains a report."""
    previous_node = previous_node or {}
    groups: dict[tuple, list[Frame]] = {}
    for f in sorted(frames, key=lambda f: f.report_order):
        groups.setdefault(("alone", f.key) if f.window() is None else signature(f), []).append(f)
    nodes = []
    for members in groups.values():
        if len(members) > 1 and (len({f.article_id for f in members}) < len(members)
                                 or not score_pair(members[0], members[1], gazetteer).is_match):
            nodes.extend(Node((f,)) for f in members)
            continue
        rep = next((f for f in members if previous_node.get(f.key) == f.key), members[0])
        nodes.append(Node((rep, *(f for f in members if f is not rep))))
    return sorted(nodes, key=lambda n: min(f.report_order for f in n.frames))


def _node_pairs(nodes: list[Node], gazetteer: Gazetteer, involving: frozenset[str] | None = None) -> list[PairScore]:
    """Score candidate pairs of node representatives; nodes sharing an article are vetoed ``same_article``."""
    by_key = {n.key: n for n in nodes}
    out = []
    for p in candidate_pairs([n.rep for n in nodes], gazetteer, involving=involving):
        if p.veto is None and by_key[p.a.key].articles & by_key[p.b.key].articles:
            p = dataclasses.replace(p, veto="same_article")
        out.append(p)
    return out


def _member_pairs(nodes: Iterable[Node], gazetteer: Gazetteer) -> list[PairScore]:
    """Each node's representative against each of its other frames (the rows that explain the node)."""
    return [score_pair(n.rep, f, gazetteer) for n in nodes for f in n.frames[1:]]


def _ambiguous_nodes(edges: list[Edge], self_score: Mapping[str, float], neighbours: Mapping[str, set[str]]
                     ) -> frozenset[str]:
    """Nodes whose closest matches include two that cannot be one incident.

    A node of several frames counts itself among its closest matches (its own frames match at
    ``self_score``), so it is ambiguous when a close match cannot join it either."""
    best: dict[str, list[tuple[float, str]]] = {}
    for e in edges:
        if e.is_match:
            best.setdefault(e.a, []).append((e.score, e.b))
            best.setdefault(e.b, []).append((e.score, e.a))
    out = set()
    for key, options in best.items():
        own = self_score.get(key)
        top = max(max(score for score, _ in options), own if own is not None else -1.0)
        close = {other for score, other in options if score >= top - AMBIGUITY_MARGIN}
        if own is not None:
            close.add(key)
        if len(close) > 1 and any(close - neighbours.get(x, set()) - {x} for x in close):
            out.add(key)
    return frozenset(out)


def _cluster_nodes(order: list[str], edges: list[Edge], self_score: Mapping[str, float]
                   ) -> tuple[list[list[str]], dict[tuple[str, str], str], frozenset[str]]:
    """Best-first complete-link clustering of the nodes ``order`` (earliest-reported first).

    Returns groups of node keys (in ``order``'s order), the decision per edge, and the ambiguous nodes."""
    neighbours: dict[str, set[str]] = {}
    for e in edges:
        if e.compatible:
            neighbours.setdefault(e.a, set()).add(e.b)
            neighbours.setdefault(e.b, set()).add(e.a)
    ambiguous = _ambiguous_nodes(edges, self_score, neighbours)
    head = {k: k for k in order}
    members = {k: [k] for k in order}
    # compatible node pairs between two groups: they may merge when it equals the product of their sizes
    links: dict[str, Counter] = {k: Counter(v) for k, v in neighbours.items()}
    decision: dict[tuple[str, str], str] = {}
    for e in sorted((e for e in edges if e.is_match), key=lambda e: (-e.score, e.a, e.b)):
        if e.a in ambiguous or e.b in ambiguous:
            decision[(e.a, e.b)] = "ambiguous"
            continue
        ga, gb = head[e.a], head[e.b]
        if ga == gb:
            decision[(e.a, e.b)] = "fused"
            continue
        if links[ga][gb] != len(members[ga]) * len(members[gb]):
            decision[(e.a, e.b)] = "conflict"
            continue
        if len(members[ga]) < len(members[gb]):
            ga, gb = gb, ga
        for k in members[gb]:
            head[k] = ga
        members[ga].extend(members.pop(gb))
        for other, n in links.pop(gb).items():
            if other != ga:
                links[ga][other] += n
                links[other][ga] += n
                del links[other][gb]
        del links[ga][gb]
        decision[(e.a, e.b)] = "fused"
    for e in edges:
        if (e.a, e.b) not in decision:
            decision[(e.a, e.b)] = "vetoed" if not e.compatible else "below_threshold"
    rank = {k: i for i, k in enumerate(order)}
    groups = sorted((sorted(m, key=rank.__getitem__) for m in members.values()), key=lambda m: rank[m[0]])
    return groups, decision, ambiguous


def _frame_clusters(groups: list[list[str]], nodes: Mapping[str, Node], ambiguous: frozenset[str]
                    ) -> list[list[Frame]]:
    """Node groups -> frame clusters, earliest-reported first; an ambiguous node's frames stay alone."""
    clusters = []
    for group in groups:
        if len(group) == 1 and group[0] in ambiguous:
            clusters.extend([f] for f in nodes[group[0]].frames)
        else:
            clusters.append(sorted((f for k in group for f in nodes[k].frames), key=lambda f: f.report_order))
    return sorted(clusters, key=lambda c: c[0].report_order)


def assign_ids(clusters: list[list[Frame]], previous: Mapping[str, str], in_use: Iterable[str] = ()
               ) -> dict[str, str]:
    """frame key -> incident id, inheriting ``previous`` ids (frame key -> incident id) where possible.

    An id goes to the cluster holding most of its frames (ties: the earliest-reported cluster); a
    cluster takes the id most of its frames held.  Clusters left without an id take the key of their
    earliest-reported frame not already in use (``in_use``: ids held by incidents outside
    ``clusters``).  ``clusters`` are ordered earliest-reported first, each sorted the same way."""
    offers = []
    for i, cluster in enumerate(clusters):
        votes = Counter(previous[f.key] for f in cluster if f.key in previous)
        offers.extend((-n, i, incident_id) for incident_id, n in votes.items())
    chosen: dict[int, str] = {}
    used: set[str] = set(in_use)
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


def _edges(pairs: Iterable[PairScore]) -> list[Edge]:
    return [Edge(p.a.key, p.b.key, p.score, p.is_match, p.veto is None) for p in pairs]


def _self_scores(nodes: Iterable[Node], member_pairs: Iterable[PairScore]) -> dict[str, float]:
    keys = {n.key for n in nodes}
    return {(p.a.key if p.a.key in keys else p.b.key): p.score for p in member_pairs}


def _frame_decisions(node_decision: Mapping[tuple[str, str], str], member_pairs: Iterable[PairScore],
                     ambiguous: frozenset[str], node_of: Mapping[str, str]) -> dict[tuple[str, str], str]:
    decision = dict(node_decision)
    for p in member_pairs:
        decision[(p.a.key, p.b.key)] = "ambiguous" if node_of[p.a.key] in ambiguous else "fused"
    return decision


def fuse(frames: Iterable[Frame], gazetteer: Gazetteer, previous: Mapping[str, str] | None = None,
         previous_node: Mapping[str, str] | None = None) -> Fusion:
    """Score every candidate pair, cluster, and assign ids (inheriting ``previous``)."""
    nodes = build_nodes(frames, gazetteer, previous_node)
    by_key = {n.key: n for n in nodes}
    node_of = {f.key: n.key for n in nodes for f in n.frames}
    pairs = _node_pairs(nodes, gazetteer)
    members = _member_pairs(nodes, gazetteer)
    groups, node_decision, ambiguous = _cluster_nodes([n.key for n in nodes], _edges(pairs),
                                                      _self_scores(nodes, members))
    clusters = _frame_clusters(groups, by_key, ambiguous)
    ambiguous_frames = frozenset(f.key for k in ambiguous for f in by_key[k].frames)
    return Fusion(pairs + members, assign_ids(clusters, previous or {}),
                  _frame_decisions(node_decision, members, ambiguous, node_of), ambiguous_frames, node_of)


@dataclass(frozen=True)
class Increment:
    """An incremental run: what changed, for :func:`orchestration.fusion.store.run_fusion` to write."""

    fusion: Fusion
    rescored: frozenset[str]  # node keys whose stored pairs this run replaces (``fusion.pairs`` has the new ones)
    redecided: dict[tuple[str, str], str]  # stored pairs of re-clustered components -> their new decision
    reclustered: frozenset[str]  # frame keys whose incident was decided again


def _components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find over match edges: node key -> its component's root."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return {x: find(x) for x in parent}


def fuse_increment(frames: Iterable[Frame], new_keys: frozenset[str], gazetteer: Gazetteer,
                   previous: Mapping[str, str], previous_node: Mapping[str, str],
                   stored_matches: Callable[[], Iterable[tuple[str, str]]],
                   stored_edges: Callable[[set[str]], Iterable[Edge]]) -> Increment | None:
    """Add the frames ``new_keys`` to the incidents ``previous`` (frame key -> incident id) holds.

    The old frames must be unchanged since the run that wrote ``previous`` / ``previous_node`` (frame
    key -> node key) and the stored pairs.  Scores only the pairs of nodes a new frame joined or
    created; re-clusters the connected components of the match graph those nodes are in, reading the
    other pairs of those components back (``stored_matches()``: every stored matching node pair;
    ``stored_edges(keys)``: stored node pairs with both nodes in ``keys``).  Every other incident stands
    as it is, so the result equals a full run's (ids apart from tie-breaks).

    Returns ``None`` (run a full fusion) in the one case where a new report changes old frames'
    nodes: a new article telling twice an event that old reports told identically."""
    frames = list(frames)
    nodes = build_nodes(frames, gazetteer, previous_node)
    by_key = {n.key: n for n in nodes}
    node_of = {f.key: n.key for n in nodes for f in n.frames}
    if any(node_of[k] != previous_node.get(k) for k in previous):
        return None
    touched = frozenset(node_of[k] for k in new_keys)
    pairs = _node_pairs(nodes, gazetteer, involving=touched)
    members = _member_pairs((by_key[k] for k in touched), gazetteer)
    keys = set(by_key)
    matches = [(a, b) for a, b in stored_matches() if a in keys and b in keys and a not in touched and b not in touched]
    component = _components(matches + [(p.a.key, p.b.key) for p in pairs if p.is_match] + [(k, k) for k in touched])
    roots = {component[k] for k in touched}
    affected = {k for k, root in component.items() if root in roots}
    old = [e for e in stored_edges(affected) if e.a not in touched and e.b not in touched]
    self_score = _self_scores(by_key.values(), members)
    for k in affected - touched:  # untouched nodes of several frames: their own frames still match
        n = by_key[k]
        if len(n.frames) > 1:
            self_score[k] = score_pair(n.rep, n.frames[1], gazetteer).score
    order = [n.key for n in nodes if n.key in affected]
    new_edges = [e for e in _edges(pairs) if e.a in affected and e.b in affected]
    groups, node_decision, ambiguous = _cluster_nodes(order, old + new_edges, self_score)
    clusters = _frame_clusters(groups, by_key, ambiguous)
    reclustered = frozenset(f.key for c in clusters for f in c)
    in_use = {previous[k] for k in previous if k not in reclustered}
    ids = assign_ids(clusters, {k: v for k, v in previous.items() if k in reclustered}, in_use)
    incident_of = {f.key: ids.get(f.key) or previous[f.key] for f in frames}
    decision = _frame_decisions({k: v for k, v in node_decision.items()
                                 if k[0] in touched or k[1] in touched}, members, ambiguous, node_of)
    for p in pairs:  # pairs with a touched node outside the affected components
        decision.setdefault((p.a.key, p.b.key), "vetoed" if p.veto else "below_threshold")
    redecided = {(e.a, e.b): node_decision[(e.a, e.b)] for e in old}
    ambiguous_frames = frozenset(f.key for k in ambiguous for f in by_key[k].frames)
    return Increment(Fusion(pairs + members, incident_of, decision, ambiguous_frames, node_of),
                     touched, redecided, reclustered)
