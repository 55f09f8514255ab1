-- extract_actor_mentions: surface = text[char_start:char_end], the mention starts inside its
-- sentence, and the actor is in the dictionary or among the cue-found unverified actors.
select
    m.*,
    substring(a.text, m.char_start + 1, m.char_end - m.char_start) as span_text,
    a.article_id is not null as article_ok,
    0 <= m.char_start and m.char_start < m.char_end and m.char_end <= a.char_count as span_ok,
    span_ok and span_text = m.surface as surface_ok,
    s.sentence_index is not null as sentence_ok,
    m.char_start >= s.char_start and m.char_start < s.char_end as in_sentence_ok,
    m.actor_id in (select actor_id from ref.actors union all select actor_id from extract.unverified_actors)
        as actor_ok
from extract.actor_mentions as m
left join raw.articles as a on a.article_id = m.article_id
left join extract.sentences as s on s.article_id = m.article_id and s.sentence_index = m.sentence_index
