-- raw_ingest_log: each input's status points at the row that records what became of it.
select
    l.*,
    case when l.status in ('ingested', 'duplicate')
         then l.article_id in (select article_id from raw.articles) else true end as article_ok,
    case when l.status = 'quarantined'
         then l.source_uri in (select source_uri from raw.quarantine) else true end as quarantine_ok
from raw.ingest_log as l
