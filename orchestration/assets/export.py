"""marts.fct_incidents → ``<warehouse>.incidents.geojson``: the incidents as a map layer.

A GeoJSON FeatureCollection (RFC 7946: WGS84, [longitude, latitude]) of point features, one per
incident with a located place, written next to the warehouse file (``data/warehouse.duckdb`` →
``data/warehouse.incidents.geojson``).  QGIS and kepler.gl open it as is.  Written in Python
rather than with DuckDB's spatial extension, which would have to be downloaded at run time.
The point is the gazetteer coordinate of the struck place; ``geo_precision`` says how much of a
guess it is (1 = the site itself … 4 = the country's centre).

It runs after the publish step and reads the *published* warehouse (the file, or the DuckLake
with the ducklake target), so the map never shows a build that failed its checks.
"""


import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import duckdb
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from ..resources import Warehouse
from .publish import PUBLISHED

_FEATURES_SQL = """
    select
        i.incident_id, i.incident_date, i.date_precision, i.event_type, i.weapon,
        i.location_id, l.name_ar as location_name_ar, l.name_en as location_name_en, l.location_type,
        l.geo_precision, l.admin1, l.country_code, l.longitude, l.latitude,
        i.target_name, i.target_type, i.munitions_min, i.munitions_max, i.intercepted,
        i.killed_min, i.killed_max, i.injured_min, i.injured_max, i.civilian_casualties,
        i.claim_status, c.claimed_by_actor_ids, c.claimed_by_rollup_actor_ids,
        i.n_articles, i.n_outlets, i.first_reported_date, i.confidence, i.is_background
    from marts.fct_incidents as i
    inner join marts.dim_locations as l on l.location_id = i.location_id
    left join marts.mart_incident_claims as c on c.incident_id = i.incident_id
    where l.latitude is not null and l.longitude is not null
    order by i.incident_date nulls last, i.incident_id
"""


def geojson_path(warehouse_path: str | Path) -> Path:
    """Where the export of a warehouse goes: beside it, named after it."""
    return Path(warehouse_path).with_suffix(".incidents.geojson")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def incident_features(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The FeatureCollection of every located incident."""
    cur = con.execute(_FEATURES_SQL)
    names = [d[0] for d in cur.description]
    features = []
    for row in cur.fetchall():
        props = dict(zip(names, row, strict=True))
        point = [props.pop("longitude"), props.pop("latitude")]
        features.append({"type": "Feature", "id": props["incident_id"],
                         "geometry": {"type": "Point", "coordinates": point},
                         "properties": {k: _jsonable(v) for k, v in props.items()}})
    return {"type": "FeatureCollection", "name": "marsad_incidents", "features": features}


def write_geojson(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the collection atomically (a reader never sees half a file); returns the feature count."""
    collection = incident_features(con)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return len(collection["features"])


@asset(key=["exports", "incidents_geojson"], group_name="exports", kinds={"python", "geojson"},
       deps=[PUBLISHED, AssetKey(["marts", "fct_incidents"]), AssetKey(["marts", "dim_locations"]),
             AssetKey(["marts", "mart_incident_claims"])])
def incidents_geojson(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Export every located incident of the published warehouse as GeoJSON points beside it."""
    path = geojson_path(warehouse.path)
    with warehouse.connect_published() as con:  # the published file, or the lake's newest snapshot
        n = write_geojson(con, path)
        total = con.execute("select count(*) from marts.fct_incidents").fetchone()[0]
    context.log.info(f"wrote {n} of {total} incidents to {path}")
    return MaterializeResult(metadata={"path": MetadataValue.path(str(path)), "features": n,
                                       "incidents_without_place": total - n})
