with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        article_id,
        source_uri,
        nullif(trim(url), '') as url,
        nullif(trim(outlet), '') as outlet,
        nullif(trim(title), '') as title,
        meta_published_date,
        text as article_text,
        char_count,
        encoding,
        ingested_at

    from source

)

select * from renamed
