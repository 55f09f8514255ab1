-- extract_place_mentions: surface = text[char_start:char_end], the mention starts inside its
-- sentence, and the place is in the gazetteer.
select
    m.*,
    substring(a.text, m.char_start + 1, m.char_end - m.char_start) as span_text,
    a.article_id is not null as article_ok,
    0 <= m.char_start and m.char_start < m.char_end and m.char_end <= a.char_count as span_ok,
    span_ok and span_text = m.surface as surface_ok,
    s.sentence_index is not null as sentence_ok,
    m.char_start >= s.char_start and m.char_start < s.char_end as in_sentence_ok,
    m.location_id in (select location_id from ref.locations) as location_ok
from extract.place_mentions as m
left join raw.articles as a on a.article_id = m.article_id
left join extract.sentences as s on s.article_id = m.article_id and s.sentence_index = m.sentence_index
