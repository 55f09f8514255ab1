-- One row per ingested article with its resolved publication date and outlet:
-- the metadata wins, the extractor's inference (article_meta) fills the gaps.

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

article_meta as (

    select * from {{ ref('stg_extract__article_meta') }}

),

dated as (

    select
        articles.article_id,
        articles.source_uri,
        articles.url,
        coalesce(articles.outlet, article_meta.extracted_outlet) as outlet,
        articles.title,

        coalesce(articles.meta_published_date, article_meta.extracted_published_date)
            as published_date,
        case
            when articles.meta_published_date is not null then 'metadata'
            else coalesce(article_meta.extracted_published_date_source, 'unknown')
        end as published_date_source,

        articles.char_count,
        articles.encoding,
        articles.ingested_at,

        article_meta.extractor_version,
        article_meta.n_sentences,
        article_meta.extracted_at,
        article_meta.article_id is not null as is_extracted

    from articles
    left join article_meta
        on articles.article_id = article_meta.article_id

)

select * from dated
