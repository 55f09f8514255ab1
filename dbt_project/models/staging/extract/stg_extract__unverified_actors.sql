with

source as (

    select * from {{ source('extract', 'unverified_actors') }}

),

renamed as (

    select
        actor_id,
        article_id,
        name_ar,
        actor_type,
        cue

    from source

)

select * from renamed
