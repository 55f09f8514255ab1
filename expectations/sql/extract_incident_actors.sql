-- extract_incident_actors: the frame exists and the actor is known.
select
    x.*,
    exists (select 1 from extract.incident_frames as f
            where f.article_id = x.article_id and f.frame_index = x.frame_index) as frame_ok,
    x.actor_id in (select actor_id from ref.actors union all select actor_id from extract.unverified_actors)
        as actor_ok
from extract.incident_actors as x
