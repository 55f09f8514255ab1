-- fct_claims: provenance span inside the article; incident, speaker, relay and every subject
-- actor exist; every subject is also in bridge_claim_actors; an anonymous speaker has no id.
with subjects as (
    select s.claim_id, bool_and(d.actor_id is not null) as known, bool_and(b.actor_id is not null) as bridged
    from (select claim_id, unnest(subject_actor_ids) as actor_id from marts.fct_claims) as s
    left join marts.dim_actors as d on d.actor_id = s.actor_id
    left join (select distinct claim_id, actor_id from marts.bridge_claim_actors) as b
        on b.claim_id = s.claim_id and b.actor_id = s.actor_id
    group by s.claim_id
)
select
    c.*,
    c.article_id in (select article_id from marts.dim_articles) as article_ok,
    0 <= c.char_start and c.char_start < c.char_end and c.char_end <= a.char_count as span_ok,
    c.incident_id is null or c.incident_id in (select incident_id from marts.fct_incidents) as incident_ok,
    c.frame_index is null or c.incident_id is not null as incident_link_ok,
    c.speaker_actor_id is null or c.speaker_actor_id in (select actor_id from marts.dim_actors)
        as speaker_actor_ok,
    c.via_actor_id is null or c.via_actor_id in (select actor_id from marts.dim_actors) as via_actor_ok,
    not (c.speaker_anonymous and c.speaker_actor_id is not null) as anonymous_ok,
    coalesce(sub.known, true) as subjects_known_ok,
    coalesce(sub.bridged, true) as subjects_bridged_ok
from marts.fct_claims as c
left join raw.articles as a on a.article_id = c.article_id
left join subjects as sub on sub.claim_id = c.claim_id
