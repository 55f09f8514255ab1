-- extract_article_meta: one row per extracted article; n_sentences agrees with extract.sentences;
-- the date source agrees with the date (null <=> 'unknown'; 'metadata' <=> the ingested date).
select
    m.*,
    a.article_id is not null as article_ok,
    m.n_sentences = (select count(*) from extract.sentences as s where s.article_id = m.article_id)
        as n_sentences_ok,
    (m.published_date is null) = (m.published_date_source = 'unknown') as date_source_ok,
    m.published_date_source <> 'metadata' or m.published_date = a.meta_published_date as metadata_date_ok
from extract.article_meta as m
left join raw.articles as a on a.article_id = m.article_id
