-- fct_incident_reports: each report belongs to an incident and an article, and its evidence is
-- exactly the article text at [char_start, char_end).
select
    r.*,
    r.incident_id in (select incident_id from marts.fct_incidents) as incident_ok,
    r.article_id in (select article_id from marts.dim_articles) as article_ok,
    0 <= r.char_start and r.char_start < r.char_end and r.char_end <= a.char_count as span_ok,
    span_ok and substring(a.text, r.char_start + 1, r.char_end - r.char_start) = r.evidence_text as evidence_ok
from marts.fct_incident_reports as r
left join raw.articles as a on a.article_id = r.article_id
