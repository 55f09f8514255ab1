-- dim_actor_aliases: every alias belongs to a canonical actor.
select
    x.*,
    x.actor_id in (select actor_id from marts.dim_actors) as actor_ok
from marts.dim_actor_aliases as x
