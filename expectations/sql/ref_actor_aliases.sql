-- ref_actor_aliases: every alias belongs to a dictionary actor.
select
    x.*,
    x.actor_id in (select actor_id from ref.actors) as actor_ok
from ref.actor_aliases as x
