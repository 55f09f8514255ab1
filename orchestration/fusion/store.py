"""Fusion's reads and writes on the warehouse (the ``fusion`` schema of
``orchestration/sql/warehouse_schema.sql``).

It reads the extraction tables directly (not dbt's views, which do not exist before the first dbt
build) and writes, in one transaction, every scored pair and the frame -> incident registry.  The
registry is the state that survives refreshes: it is read back at the start of the next run so
incidents keep their ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pandas as pd

from .cluster import Edge, Fusion, fuse, fuse_increment
from .score import SCORER_VERSION, THRESHOLD, Frame, Gazetteer, Place

# Roles that say who took part in the event (deniers and responders speak about it, they are not in it).
PARTICIPANT_ROLES = ("claimed_perpetrator", "alleged_perpetrator", "target", "victim")

_FRAMES_SQL = """
    with participants as (
        select ia.article_id, ia.frame_index,
               list(distinct x.actor_id) filter (where x.actor_id is not null) as actor_ids
        from extract.incident_actors as ia
        left join ref.actors as ra on ra.actor_id = ia.actor_id
        cross join unnest([ia.actor_id, ra.parent_actor_id]) as x(actor_id)
        where ia.role in (select unnest(?))
        group by all
    ),
    article_places as (  -- per frame: the places the article's other located foreground frames name
        select f.article_id, f.frame_index, list(distinct o.location_id) as places
        from extract.incident_frames as f
        join extract.incident_frames as o
          on o.article_id = f.article_id and o.frame_index <> f.frame_index
         and not o.is_background and o.location_id is not null
        group by all
    )
    select f.article_id, f.frame_index, f.event_type, f.incident_date, f.date_precision, f.location_id,
           f.weapon, f.target_type, f.is_background,
           coalesce(a.meta_published_date, m.published_date) as published_date,
           coalesce(p.actor_ids, []) as actor_ids,
           case when len(c.places) = 1 then c.places[1] end as context_location_id
    from extract.incident_frames as f
    left join raw.articles as a on a.article_id = f.article_id
    left join extract.article_meta as m on m.article_id = f.article_id
    left join participants as p on p.article_id = f.article_id and p.frame_index = f.frame_index
    left join article_places as c on c.article_id = f.article_id and c.frame_index = f.frame_index
    order by f.article_id, f.frame_index
"""


def load_frames(con: duckdb.DuckDBPyConnection) -> list[Frame]:
    rows = con.execute(_FRAMES_SQL, [list(PARTICIPANT_ROLES)]).fetchall()
    return [Frame(article_id=r[0], frame_index=r[1], event_type=r[2], incident_date=r[3], date_precision=r[4],
                  location_id=r[5], weapon=r[6], target_type=r[7], is_background=r[8], published_date=r[9],
                  actor_ids=frozenset(r[10]), context_location_id=r[11]) for r in rows]


def load_gazetteer(con: duckdb.DuckDBPyConnection) -> Gazetteer:
    rows = con.execute("select location_id, parent_location_id, geo_precision, latitude, longitude "
                       "from ref.locations").fetchall()
    return Gazetteer(Place(*r) for r in rows)


def load_registry(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, dt.datetime, bool, str | None, str | None]]:
    """frame key -> (incident id, assigned_at, is_ambiguous, frame hash, node key) from the previous run."""
    rows = con.execute("select frame_key, incident_id, assigned_at, is_ambiguous, frame_hash, node_key "
                       "from fusion.incident_registry").fetchall()
    return {k: (i, t, a, h, n) for k, i, t, a, h, n in rows}


def frame_hash(frame: Frame) -> str:
    """A digest of everything fusion reads about a frame: equal hashes, equal scores."""
    fields = (frame.event_type, frame.incident_date, frame.date_precision, frame.location_id, frame.weapon,
              frame.context_location_id, frame.target_type, sorted(frame.actor_ids), frame.published_date,
              frame.is_background)
    return hashlib.md5(repr(fields).encode()).hexdigest()


def scoring_context(con: duckdb.DuckDBPyConnection) -> str:
    """The scorer version and a digest of the gazetteer: when either changes, old scores are stale."""
    (digest,) = con.execute(
        "select md5(coalesce(string_agg(concat_ws('|', location_id, parent_location_id, geo_precision, latitude, "
        "longitude), ',' order by location_id), '')) from ref.locations").fetchone()
    return f"{SCORER_VERSION}:{THRESHOLD}:{digest}"


def _state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("select value from fusion.state where key = ?", [key]).fetchone()
    return row[0] if row else None


def _stored_matches(con: duckdb.DuckDBPyConnection):
    """Every stored matching pair (for :func:`fuse_increment`'s components)."""
    def lookup() -> list[tuple[str, str]]:
        return con.execute("select frame_key_a, frame_key_b from fusion.frame_pairs where is_match").fetchall()
    return lookup


def _stored_edges(con: duckdb.DuckDBPyConnection):
    """Earlier runs' pairs with both frames among some keys (for :func:`fuse_increment`)."""
    def lookup(keys: set[str]) -> list[Edge]:
        ks = pd.DataFrame({"k": sorted(keys)})  # noqa: F841 - read by DuckDB
        rows = con.execute("select frame_key_a, frame_key_b, score, is_match, veto is null from fusion.frame_pairs "
                           "where frame_key_a in (select k from ks) and frame_key_b in (select k from ks)").fetchall()
        return [Edge(*r) for r in rows]
    return lookup


PAIR_COLUMNS = ("frame_key_a", "article_id_a", "frame_index_a", "frame_key_b", "article_id_b", "frame_index_b",
                "date_relation", "date_gap_days", "date_score", "place_relation", "place_score", "means_relation",
                "means_score", "target_relation", "target_score", "actor_relation", "actor_score", "score",
                "threshold", "veto", "is_match", "decision", "same_incident", "scorer_version", "scored_at")


def _pair_rows(fusion: Fusion, now: dt.datetime) -> pd.DataFrame:
    """The run's scored pairs as a frame, built column by column (millions of pairs at scale)."""
    incident_of = fusion.incident_of
    cols: dict[str, list] = {c: [] for c in PAIR_COLUMNS}
    for p in fusion.pairs:
        parts = p.parts
        for c, v in (("frame_key_a", p.a.key), ("article_id_a", p.a.article_id), ("frame_index_a", p.a.frame_index),
                     ("frame_key_b", p.b.key), ("article_id_b", p.b.article_id), ("frame_index_b", p.b.frame_index),
                     ("date_relation", p.date_relation), ("date_gap_days", p.date_gap_days),
                     ("date_score", parts["date"]), ("place_relation", p.place_relation),
                     ("place_score", parts["place"]), ("means_relation", p.means_relation),
                     ("means_score", parts["means"]), ("target_relation", p.target_relation),
                     ("target_score", parts["target"]), ("actor_relation", p.actor_relation),
                     ("actor_score", parts["actors"]), ("score", p.score), ("threshold", THRESHOLD),
                     ("veto", p.veto), ("is_match", p.is_match), ("decision", fusion.decision[(p.a.key, p.b.key)]),
                     ("same_incident", incident_of[p.a.key] == incident_of[p.b.key]),
                     ("scorer_version", SCORER_VERSION), ("scored_at", now)):
            cols[c].append(v)
    return pd.DataFrame(cols, columns=list(PAIR_COLUMNS))


def run_fusion(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None, full: bool = False) -> dict:
    """Fuse the current frames into incidents; write ``fusion.frame_pairs`` and ``fusion.incident_registry``.

    Three modes, chosen from what changed since the previous run (returned as ``mode``):

    * ``unchanged`` — same frames, scorer and gazetteer: nothing to do, nothing written;
    * ``incremental`` — only new frames: score the pairs of the nodes they join or start, re-cluster
      the components of the match graph those touch
      (:func:`~orchestration.fusion.cluster.fuse_increment`), replace those nodes' pairs;
    * ``full`` — anything else (a re-extracted or removed frame, a new scorer or gazetteer, a new
      article that tells twice an event old reports told identically, or ``full=True``): score every
      pair and re-cluster everything, keeping ids by majority.

    The registry keeps ``assigned_at`` for frames whose incident did not change, so it also records
    when each assignment was made."""
    now = now or dt.datetime.now()
    frames = load_frames(con)
    hashes = {f.key: frame_hash(f) for f in frames}
    previous = load_registry(con)
    context = scoring_context(con)
    new_keys = frozenset(hashes.keys() - previous.keys())
    standing = (not full and _state(con, "scoring_context") == context
                and all(k in hashes and hashes[k] == v[3] for k, v in previous.items()))
    if standing and not new_keys:
        n_incidents = len({v[0] for v in previous.values()})
        return {"mode": "unchanged", "frames": len(frames), "new_frames": 0, "incidents": n_incidents,
                "fused_frames": len(frames) - n_incidents, "pairs_scored": 0, "pairs_matched": 0,
                "ambiguous_frames": sum(v[2] for v in previous.values()), "ids_inherited": len(frames),
                "frames_reclustered": 0}
    prev_ids = {k: v[0] for k, v in previous.items()}
    prev_nodes = {k: v[4] for k, v in previous.items() if v[4] is not None}
    gazetteer = load_gazetteer(con)
    increment = fuse_increment(frames, new_keys, gazetteer, prev_ids, prev_nodes, _stored_matches(con),
                               _stored_edges(con)) if standing else None
    if increment is not None:
        mode = "incremental"
        fusion = increment.fusion
        ambiguous = fusion.ambiguous | {k for k, v in previous.items() if v[2] and k not in increment.reclustered}
        reclustered = len(increment.reclustered)
    else:
        mode = "full"
        fusion = fuse(frames, gazetteer, prev_ids, prev_nodes)
        ambiguous = fusion.ambiguous
        reclustered = len(frames)
    kept = {f.key for f in frames if f.key in previous and previous[f.key][0] == fusion.incident_of[f.key]}
    registry = pd.DataFrame({
        "frame_key": [f.key for f in frames], "article_id": [f.article_id for f in frames],
        "frame_index": [f.frame_index for f in frames],
        "incident_id": [fusion.incident_of[f.key] for f in frames],
        "assigned_at": [previous[f.key][1] if f.key in kept else now for f in frames],
        "is_ambiguous": [f.key in ambiguous for f in frames], "scorer_version": SCORER_VERSION,
        "frame_hash": [hashes[f.key] for f in frames], "node_key": [fusion.node_of[f.key] for f in frames]},
        columns=["frame_key", "article_id", "frame_index", "incident_id", "assigned_at", "is_ambiguous",
                 "scorer_version", "frame_hash", "node_key"])
    pairs = _pair_rows(fusion, now)  # noqa: F841 - read by DuckDB
    con.execute("begin transaction")
    try:
        if increment is None:
            con.execute("delete from fusion.frame_pairs")
        else:
            rescored = pd.DataFrame({"k": sorted(increment.rescored)})  # noqa: F841 - read by DuckDB
            con.execute("delete from fusion.frame_pairs where frame_key_a in (select k from rescored) "
                        "or frame_key_b in (select k from rescored)")
            redecided = pd.DataFrame(  # noqa: F841 - read by DuckDB
                [(a, b, d) for (a, b), d in increment.redecided.items()], columns=["a", "b", "decision"])
            con.execute("update fusion.frame_pairs as p set decision = r.decision from redecided as r "
                        "where p.frame_key_a = r.a and p.frame_key_b = r.b and p.decision <> r.decision")
        if len(pairs):
            con.execute("insert into fusion.frame_pairs by name select * from pairs")
        con.execute("delete from fusion.incident_registry")
        if len(registry):
            con.execute("insert into fusion.incident_registry by name select * from registry")
        if mode == "incremental":  # new frames can join (or bridge, or split) standing incidents
            con.execute("""
                update fusion.frame_pairs as p set same_incident = (ra.incident_id = rb.incident_id)
                from fusion.incident_registry as ra, fusion.incident_registry as rb
                where ra.frame_key = p.frame_key_a and rb.frame_key = p.frame_key_b
                  and p.same_incident <> (ra.incident_id = rb.incident_id)""")
        con.execute("insert or replace into fusion.state values ('scoring_context', ?, ?)", [context, now])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    n_incidents = len(set(fusion.incident_of.values()))
    return {"mode": mode, "frames": len(frames), "new_frames": len(new_keys), "incidents": n_incidents,
            "fused_frames": len(frames) - n_incidents, "pairs_scored": len(fusion.pairs),
            "pairs_matched": sum(p.is_match for p in fusion.pairs), "ambiguous_frames": len(ambiguous),
            "ids_inherited": len(kept), "frames_reclustered": reclustered}
