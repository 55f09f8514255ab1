-- extract_sentences: each sentence's offsets lie inside its article, its text is exactly the text
-- they point at, and sentences follow each other without overlapping.  The sentence text itself
-- is not loaded (it would duplicate the corpus in memory).
select
    s.* exclude (text),
    a.article_id is not null as article_ok,
    0 <= s.char_start and s.char_start < s.char_end and s.char_end <= a.char_count as span_ok,
    span_ok and substring(a.text, s.char_start + 1, s.char_end - s.char_start) = s.text as text_ok,
    coalesce(s.char_start >= lag(s.char_end) over reading_order, true) as order_ok
from extract.sentences as s
left join raw.articles as a on a.article_id = s.article_id
window reading_order as (partition by s.article_id order by s.sentence_index)
