-- bridge_incident_actors: incident, actor and article exist, and the article that "said so"
-- actually reports the incident.
select
    b.*,
    b.incident_id in (select incident_id from marts.fct_incidents) as incident_ok,
    b.actor_id in (select actor_id from marts.dim_actors) as actor_ok,
    b.article_id in (select article_id from marts.dim_articles) as article_ok,
    exists (select 1 from marts.fct_incident_reports as r
            where r.incident_id = b.incident_id and r.article_id = b.article_id) as report_ok
from marts.bridge_incident_actors as b
