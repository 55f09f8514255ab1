with

source as (

    select * from {{ source('ref', 'actors') }}

),

renamed as (

    select
        actor_id,
        name_ar,
        nullif(trim(name_en), '') as name_en,
        actor_type,
        nullif(trim(parent_actor_id), '') as parent_actor_id,
        nullif(trim(affiliation), '') as affiliation,
        nullif(trim(attribution_source), '') as attribution_source,
        is_collective,
        verified

    from source

)

select * from renamed
