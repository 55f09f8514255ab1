with

source as (

    select * from {{ source('raw', 'quarantine') }}

),

renamed as (

    select
        source_uri,
        file_sha256,
        byte_size,
        reason as quarantine_reason,
        detail as quarantine_detail,
        quarantined_at

    from source

)

select * from renamed
