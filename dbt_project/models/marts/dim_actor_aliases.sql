with

aliases as (

    select * from {{ ref('int_actor_aliases_unioned') }}

),

final as (

    select
        actor_id,
        alias,
        lang,
        alias_source

    from aliases

)

select * from final
