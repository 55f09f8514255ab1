"""Fusion's reads and writes on the warehouse (the ``fusion`` schema of
``orchestration/sql/warehouse_schema.sql``).

It reads the extraction tables directly (not dbt's views, which do not exist before the first dbt
build) and writes, in one transaction, every scored pair and the frame -> incident registry.  The
registry is the state that survives refreshes: it is read back at the start of the next run so
incidents keep their ids.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from .cluster import Fusion, fuse
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


def load_registry(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, dt.datetime]]:
    """frame key -> (incident id, assigned_at) from the previous run."""
    rows = con.execute("select frame_key, incident_id, assigned_at from fusion.incident_registry").fetchall()
    return {k: (i, t) for k, i, t in rows}


def _pair_rows(fusion: Fusion, now: dt.datetime) -> pd.DataFrame:
    incident_of = fusion.incident_of
    rows = []
    for p in fusion.pairs:
        parts = p.parts
        rows.append({
            "frame_key_a": p.a.key, "article_id_a": p.a.article_id, "frame_index_a": p.a.frame_index,
            "frame_key_b": p.b.key, "article_id_b": p.b.article_id, "frame_index_b": p.b.frame_index,
            "date_relation": p.date_relation, "date_gap_days": p.date_gap_days, "date_score": parts["date"],
            "place_relation": p.place_relation, "place_score": parts["place"],
            "means_relation": p.means_relation, "means_score": parts["means"],
            "target_relation": p.target_relation, "target_score": parts["target"],
            "actor_relation": p.actor_relation, "actor_score": parts["actors"],
            "score": p.score, "threshold": THRESHOLD, "veto": p.veto, "is_match": p.is_match,
            "decision": fusion.decision[(p.a.key, p.b.key)],
            "same_incident": incident_of[p.a.key] == incident_of[p.b.key],
            "scorer_version": SCORER_VERSION, "scored_at": now,
        })
    return pd.DataFrame(rows)


def run_fusion(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> dict[str, int]:
    """Fuse every current frame, replace ``fusion.frame_pairs`` and ``fusion.incident_registry``.

    Returns counts for the run's metadata.  The registry keeps ``assigned_at`` for frames whose
    incident did not change, so it also records when each assignment was made."""
    now = now or dt.datetime.now()
    frames = load_frames(con)
    previous = load_registry(con)
    fusion = fuse(frames, load_gazetteer(con), {k: v[0] for k, v in previous.items()})
    kept = {f.key for f in frames if f.key in previous and previous[f.key][0] == fusion.incident_of[f.key]}
    registry = pd.DataFrame([{
        "frame_key": f.key, "article_id": f.article_id, "frame_index": f.frame_index,
        "incident_id": fusion.incident_of[f.key], "assigned_at": previous[f.key][1] if f.key in kept else now,
        "is_ambiguous": f.key in fusion.ambiguous, "scorer_version": SCORER_VERSION,
    } for f in frames], columns=["frame_key", "article_id", "frame_index", "incident_id", "assigned_at",
                                 "is_ambiguous", "scorer_version"])
    pairs = _pair_rows(fusion, now)  # noqa: F841 - read by DuckDB
    con.execute("begin transaction")
    try:
        con.execute("delete from fusion.frame_pairs")
        if len(pairs):
            con.execute("insert into fusion.frame_pairs by name select * from pairs")
        con.execute("delete from fusion.incident_registry")
        if len(registry):
            con.execute("insert into fusion.incident_registry by name select * from registry")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    n_incidents = len(set(fusion.incident_of.values()))
    return {"frames": len(frames), "incidents": n_incidents, "fused_frames": len(frames) - n_incidents,
            "pairs_scored": len(fusion.pairs), "pairs_matched": sum(p.is_match for p in fusion.pairs),
            "ambiguous_frames": len(fusion.ambiguous),
            "ids_inherited": len(kept)}

