with

source as (

    select * from {{ source('extract', 'claim_actors') }}

),

renamed as (

    select
        article_id,
        claim_index,
        actor_id,
        role

    from source

)

select * from renamed
