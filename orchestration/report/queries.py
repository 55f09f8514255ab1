"""Read the published warehouse's marts into plain Python rows for the report.

One query per table, whatever the number of pages: per-incident and per-actor pages are cut
from these rows in Python (``index_by``), so a warehouse with thousands of incidents costs the
same fourteen queries as the sample corpus.  The connection is read-only, so the report can run
while a refresh builds the next version (it keeps reading the version it opened).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

Row = dict[str, Any]

# Each entry is one query; the report needs nothing else from the warehouse.
QUERIES: dict[str, str] = {
    "articles": """
        select article_id, outlet, title, published_date, published_date_source, url, source_uri,
               ingested_at, extracted_at
        from marts.dim_articles""",
    "actors": """
        select actor_id, name_ar, name_en, actor_type, parent_actor_id, affiliation, mention_count,
               article_count, first_seen_date, last_seen_date, verified, actor_source,
               attribution_source, rollup_actor_id
        from marts.dim_actors""",
    "aliases": """
        select actor_id, alias, lang, alias_source from marts.dim_actor_aliases
        order by actor_id, lang nulls last, alias""",
    "locations": """
        select location_id, name_ar, name_en, location_type, admin1, country_code, latitude,
               longitude, geo_precision, parent_location_id
        from marts.dim_locations""",
    "incidents": """
        select * from marts.fct_incidents
        order by incident_date desc nulls last, incident_id""",
    # The sentence of each report comes with it (extract.sentences): evidence_text is the span
    # the figures were read from, the sentence gives its context.
    "reports": """
        select r.*, s.text as sentence_text, s.char_start as sentence_start
        from marts.fct_incident_reports as r
        left join extract.sentences as s
          on s.article_id = r.article_id and s.sentence_index = r.sentence_index
        order by r.incident_id, r.published_date nulls last, r.article_id, r.frame_index""",
    "incident_actors": """
        select incident_id, actor_id, role, article_id, rollup_actor_id, attribution_source
        from marts.bridge_incident_actors
        order by incident_id, role, actor_id, article_id""",
    "claims": """
        select c.claim_id, c.article_id, c.sentence_index, c.char_start, c.char_end, c.incident_id,
               c.speaker_actor_id, c.speaker_text, c.speaker_anonymous, c.claim_type, c.predicate,
               c.subject_actor_ids, c.via_actor_id, c.quote_text, c.claim_date, c.confidence,
               s.text as sentence_text, s.char_start as sentence_start
        from marts.fct_claims as c
        left join extract.sentences as s
          on s.article_id = c.article_id and s.sentence_index = c.sentence_index
        order by c.article_id, c.claim_index""",
    "claim_actors": """
        select claim_id, actor_id, role from marts.bridge_claim_actors
        order by claim_id, role, actor_id""",
    "incident_claims": "select * from marts.mart_incident_claims",
    "activity": """
        select * from marts.mart_actor_activity order by actor_id, activity_month""",
    "daily": """
        select incident_date, governorate_id, governorate_name_en, governorate_name_ar, country_code,
               event_type, incidents
        from marts.mart_incidents_daily""",
    "coverage": "select * from marts.mart_source_coverage",
    "publications": """
        select publication_id, published_at, run_id, job_name, extractor_version, dictionary_version,
               articles, quarantined, checks_passed, checks_warned, table_counts
        from ops.publications order by publication_id desc limit 10""",
}

# Tables a warehouse may lack (built before atomic publishing, or a bare dbt build).
OPTIONAL = {"publications"}


@dataclass
class ReportData:
    """Every row the report shows, keyed by query name (see QUERIES)."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    warehouse: Path | None = None
    warehouse_bytes: int = 0

    def __getitem__(self, name: str) -> list[Row]:
        return self.tables[name]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def load(warehouse: Path) -> ReportData:
    """Run every query of QUERIES on a read-only connection to ``warehouse``."""
    con = duckdb.connect(str(warehouse), read_only=True)
    data = ReportData(warehouse=warehouse, warehouse_bytes=warehouse.stat().st_size)
    try:
        for name, sql in QUERIES.items():
            try:
                data.tables[name] = _rows(con, sql)
            except duckdb.CatalogException:
                if name not in OPTIONAL:
                    raise
                data.tables[name] = []
    finally:
        con.close()
    for p in data.tables["publications"]:
        p["table_counts"] = json.loads(p["table_counts"]) if p.get("table_counts") else {}
    return data


def index_by(rows: Iterable[Row], key: str | Callable[[Row], Hashable]) -> dict[Any, list[Row]]:
    """Group rows by a column (or a function of the row), keeping their order."""
    get = (lambda r: r[key]) if isinstance(key, str) else key
    out: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        out[get(r)].append(r)
    return out
