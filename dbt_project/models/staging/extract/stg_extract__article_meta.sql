with

source as (

    select * from {{ source('extract', 'article_meta') }}

),

renamed as (

    select
        article_id,
        extractor_version,
        published_date as extracted_published_date,
        published_date_source as extracted_published_date_source,
        nullif(trim(outlet), '') as extracted_outlet,
        n_sentences,
        extracted_at

    from source

)

select * from renamed
