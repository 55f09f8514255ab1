-- fct_incidents: every incident is reported by at least one article (provenance), n_articles
-- counts those articles, first_reported_date is the earliest of their dates, places exist, and a
-- missing date has precision 'unknown'.
with reports as (
    select r.incident_id, count(distinct r.article_id) as n_reporting, min(d.published_date) as first_date
    from marts.fct_incident_reports as r
    left join marts.dim_articles as d on d.article_id = r.article_id
    group by r.incident_id
)
select
    i.*,
    rep.n_reporting,
    rep.incident_id is not null as reported_ok,
    i.n_articles = rep.n_reporting as n_articles_ok,
    i.first_reported_date is not distinct from rep.first_date as first_reported_ok,
    i.location_id is null or i.location_id in (select location_id from marts.dim_locations) as location_ok,
    i.launch_location_id is null
        or i.launch_location_id in (select location_id from marts.dim_locations) as launch_location_ok,
    i.incident_date is not null or i.date_precision = 'unknown' as date_precision_ok
from marts.fct_incidents as i
left join reports as rep on rep.incident_id = i.incident_id
