-- extract_claims: the span lies inside the article and contains the reporting verb as written;
-- the speaker as written and the quote occur in the article; referenced frames and actors exist;
-- an anonymous speaker has no actor id.
select
    c.*,
    a.article_id is not null as article_ok,
    0 <= c.char_start and c.char_start < c.char_end and c.char_end <= a.char_count as span_ok,
    exists (select 1 from extract.sentences as s
            where s.article_id = c.article_id and s.sentence_index = c.sentence_index) as sentence_ok,
    span_ok and contains(substring(a.text, c.char_start + 1, c.char_end - c.char_start), c.predicate)
        as predicate_ok,
    c.speaker_text is null or contains(a.text, c.speaker_text) as speaker_text_ok,
    c.quote_text is null or contains(a.text, c.quote_text) as quote_ok,
    c.frame_index is null or exists (select 1 from extract.incident_frames as f
                                     where f.article_id = c.article_id and f.frame_index = c.frame_index) as frame_ok,
    c.speaker_actor_id is null or c.speaker_actor_id in (select actor_id from ref.actors
                                                         union all select actor_id from extract.unverified_actors)
        as speaker_actor_ok,
    c.via_actor_id is null or c.via_actor_id in (select actor_id from ref.actors
                                                 union all select actor_id from extract.unverified_actors)
        as via_actor_ok,
    not (c.speaker_anonymous and c.speaker_actor_id is not null) as anonymous_ok
from extract.claims as c
left join raw.articles as a on a.article_id = c.article_id
