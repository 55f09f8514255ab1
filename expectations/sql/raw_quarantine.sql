-- raw_quarantine: a rejected input cannot also be the source of a stored article.
select
    q.*,
    not exists (select 1 from raw.articles as a where a.source_uri = q.source_uri) as not_ingested_ok
from raw.quarantine as q
