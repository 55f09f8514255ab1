"""marts + extract.sentences → search.* : the Arabic full-text index behind `marsad search`.

Built into the run's build after dbt, so it is checked (``search_index_answers``) and published
with the marts it points into; an analyst's search never runs against an index of another
version of the warehouse.  Nothing downstream of it in the build, so the publish step waits for
it (orchestration/assets/publish.py: ``leaf_keys``).
"""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from ..resources import Warehouse
from ..search.analyzer import ANALYZER_VERSION
from ..search.index import build_index
from ..settings import WAREHOUSE_POOL

SEARCH_INDEX = AssetKey(["search", "fts_index"])

# What the index reads: the article and sentence text, and the marts a result links to.
_READS = [AssetKey(["raw", "articles"]), AssetKey(["extract", "sentences"])] + [
    AssetKey(["marts", m]) for m in ("dim_articles", "dim_actors", "dim_locations", "fct_incidents",
                                     "fct_incident_reports", "fct_claims", "fct_actor_mentions")]


@asset(key=SEARCH_INDEX, group_name="search", kinds={"python", "duckdb"}, deps=_READS, pool=WAREHOUSE_POOL,
       code_version=ANALYZER_VERSION,
       description="Arabic full-text index (DuckDB fts, BM25) of every article and sentence: the search schema "
                   "and its fts_search_* index schemas, read by `marsad search`.")
def search_fts_index(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Rebuild the search schema and both fts indexes from the freshly built marts."""
    with warehouse.connect() as con:
        stats = build_index(con)
    context.log.info(f"search index: {stats}")
    return MaterializeResult(metadata={"dagster/row_count": stats["sentences"], **stats})
