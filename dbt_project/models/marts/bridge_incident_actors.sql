with

incident_actors as (

    select * from {{ ref('int_incident_actors_resolved') }}

),

final as (

    select
        incident_id,
        actor_id,
        role,
        article_id

    from incident_actors

)

select * from final
