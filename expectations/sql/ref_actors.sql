-- ref_actors: the actor dictionary; a parent must be another known actor.
select
    r.*,
    r.parent_actor_id is null
        or (r.parent_actor_id <> r.actor_id and r.parent_actor_id in (select actor_id from ref.actors)) as parent_ok
from ref.actors as r
