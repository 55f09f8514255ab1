"""Dictionaries (extractors/data) → ref.actors, ref.actor_aliases, ref.locations.

The warehouse carries the exact dictionaries the extractor used, so dbt can join ids to names
and analysts can see every alias that maps to an actor.
"""


from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from extractors.dictionaries import DATA_DIR, dictionary_version

from ..resources import Warehouse
from ..settings import WAREHOUSE_POOL

# code_version: the dictionaries' content hash, so the UI shows when they changed since the last load
_VERSION = dictionary_version()
REF_ACTORS = AssetSpec(["ref", "actors"], description="Actor dictionary (verified actors).", group_name="reference",
                       kinds={"csv", "duckdb"}, code_version=_VERSION)
REF_ACTOR_ALIASES = AssetSpec(["ref", "actor_aliases"], description="Every surface form mapped to an actor.",
                              group_name="reference", kinds={"csv", "duckdb"}, code_version=_VERSION)
REF_LOCATIONS = AssetSpec(["ref", "locations"], description="Gazetteer of Iraq, Syria and neighbours.",
                          group_name="reference", kinds={"csv", "duckdb"}, code_version=_VERSION)

_LOADS = {
    "ref.actors": """
        select actor_id, name_ar, nullif(name_en, '') as name_en, actor_type,
               nullif(parent_actor_id, '') as parent_actor_id, nullif(affiliation, '') as affiliation,
               nullif(attribution_source, '') as attribution_source,
               coalesce(lower(is_collective) in ('true', '1', 'yes'), false) as is_collective, true as verified
        from read_csv(?, all_varchar = true, header = true)""",
    "ref.actor_aliases": """
        select distinct actor_id, alias, nullif(lang, '') as lang
        from read_csv(?, all_varchar = true, header = true) where alias is not null""",
    "ref.locations": """
        select location_id, name_ar, nullif(name_en, '') as name_en, location_type, nullif(admin1, '') as admin1,
               nullif(country_code, '') as country_code, try_cast(latitude as double) as latitude,
               try_cast(longitude as double) as longitude, cast(geo_precision as integer) as geo_precision,
               nullif(parent_location_id, '') as parent_location_id
        from read_csv(?, all_varchar = true, header = true)""",
}
_FILES = {
    "ref.actors": DATA_DIR / "actors" / "actors.csv",
    "ref.actor_aliases": DATA_DIR / "actors" / "actor_aliases.csv",
    "ref.locations": DATA_DIR / "gazetteer" / "locations.csv",
}


@multi_asset(specs=[REF_ACTORS, REF_ACTOR_ALIASES, REF_LOCATIONS], name="load_dictionaries", pool=WAREHOUSE_POOL)
def load_dictionaries(context: AssetExecutionContext, warehouse: Warehouse):
    """Replace the ref tables with the dictionaries shipped in extractors/data."""
    version = dictionary_version()
    counts = {}
    with warehouse.connect() as con:
        con.execute("begin transaction")
        for table, sql in _LOADS.items():
            con.execute(f"delete from {table}")
            con.execute(f"insert into {table} by name {sql}", [str(_FILES[table])])
            counts[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
        con.execute("commit")
    context.log.info(f"dictionaries {version}: {counts}")
    for spec, table in ((REF_ACTORS, "ref.actors"), (REF_ACTOR_ALIASES, "ref.actor_aliases"),
                        (REF_LOCATIONS, "ref.locations")):
        yield MaterializeResult(asset_key=spec.key, metadata={"dagster/row_count": counts[table],
                                                              "dictionary_version": version,
                                                              "source_file": str(_FILES[table])})
