-- bridge_claim_actors: the claim and the actor exist.
select
    b.*,
    b.claim_id in (select claim_id from marts.fct_claims) as claim_ok,
    b.actor_id in (select actor_id from marts.dim_actors) as actor_ok
from marts.bridge_claim_actors as b
