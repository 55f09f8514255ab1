-- dim_articles: exactly the de-duplicated raw articles (a full join, so an article missing from
-- either side shows up as a failing row), with the raw length and a date source that agrees with
-- the date (null <=> 'unknown').
select
    coalesce(d.article_id, r.article_id) as article_id,
    d.* exclude (article_id),
    d.article_id is not null as in_dim_ok,
    r.article_id is not null as in_raw_ok,
    d.char_count = r.char_count as char_count_ok,
    (d.published_date is null) = (d.published_date_source = 'unknown') as date_source_ok
from marts.dim_articles as d
full outer join raw.articles as r on r.article_id = d.article_id
