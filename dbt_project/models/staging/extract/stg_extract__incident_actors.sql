with

source as (

    select * from {{ source('extract', 'incident_actors') }}

),

renamed as (

    select
        article_id,
        frame_index,
        actor_id,
        role

    from source

)

select * from renamed
