-- extract_unverified_actors: cue-found organisations belong to an existing article and do not
-- shadow a dictionary actor.
select
    u.*,
    u.article_id in (select article_id from raw.articles) as article_ok,
    u.actor_id not in (select actor_id from ref.actors) as not_in_dictionary_ok
from extract.unverified_actors as u
