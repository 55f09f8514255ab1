-- fct_actor_mentions: surface = article text[char_start:char_end]; article and actor exist.
select
    m.*,
    substring(a.text, m.char_start + 1, m.char_end - m.char_start) as span_text,
    m.article_id in (select article_id from marts.dim_articles) as article_ok,
    0 <= m.char_start and m.char_start < m.char_end and m.char_end <= a.char_count as span_ok,
    span_ok and span_text = m.surface as surface_ok,
    m.actor_id in (select actor_id from marts.dim_actors) as actor_ok
from marts.fct_actor_mentions as m
left join raw.articles as a on a.article_id = m.article_id
