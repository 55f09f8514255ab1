with

source as (

    select * from {{ source('raw', 'ingest_log') }}

),

renamed as (

    select
        source_uri,
        file_sha256,
        byte_size,
        status as ingest_status,
        article_id,
        detail as ingest_detail,
        seen_at

    from source

)

select * from renamed
