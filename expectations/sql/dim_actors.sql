-- dim_actors: a parent must be another canonical actor.
select
    d.*,
    d.parent_actor_id is null
        or (d.parent_actor_id <> d.actor_id and d.parent_actor_id in (select actor_id from marts.dim_actors))
        as parent_ok
from marts.dim_actors as d
