-- Each incident frame (one event as one article tells it) with its stable key and the
-- reporting article's date and outlet: everything fusion needs to compare frames.

with

frames as (

    select * from {{ ref('stg_extract__incident_frames') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

enriched as (

    select
        {{ incident_frame_key('frames.article_id', 'frames.frame_index') }} as frame_key,
        frames.*,
        articles.published_date,
        articles.outlet

    from frames
    left join articles
        on frames.article_id = articles.article_id

)

select * from enriched
