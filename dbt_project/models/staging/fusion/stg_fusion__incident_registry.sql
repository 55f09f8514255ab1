with

source as (

    select * from {{ source('fusion', 'incident_registry') }}

),

renamed as (

    select
        frame_key,
        article_id,
        frame_index,
        incident_id,
        assigned_at,
        is_ambiguous,
        scorer_version

    from source

)

select * from renamed
