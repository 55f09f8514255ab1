with

source as (

    select * from {{ source('ref', 'actor_aliases') }}

),

renamed as (

    select
        actor_id,
        alias,
        nullif(trim(lang), '') as lang

    from source

)

select * from renamed
