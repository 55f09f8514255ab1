with

articles as (

    select * from {{ ref('int_articles_dated') }}

),

final as (

    select
        article_id,
        source_uri,
        url,
        outlet,
        title,
        published_date,
        published_date_source,
        char_count,
        ingested_at,
        encoding,
        extractor_version,
        n_sentences,
        extracted_at,
        is_extracted

    from articles

)

select * from final
