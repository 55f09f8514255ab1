-- extract_claim_actors: the claim exists and the actor is known.
select
    x.*,
    exists (select 1 from extract.claims as c
            where c.article_id = x.article_id and c.claim_index = x.claim_index) as claim_ok,
    x.actor_id in (select actor_id from ref.actors union all select actor_id from extract.unverified_actors)
        as actor_ok
from extract.claim_actors as x
