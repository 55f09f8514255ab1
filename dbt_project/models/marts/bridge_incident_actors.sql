with

incident_actors as (

    select * from {{ ref('int_incident_actors_resolved') }}

),

actors as (

    select * from {{ ref('int_actors_unioned') }}

),

final as (

    select
        incident_actors.incident_id,
        incident_actors.actor_id,
        incident_actors.role,
        incident_actors.article_id,

        -- roll-up: a facade brand's attributed organisation (else the actor), and the source
        -- of that attribution
        coalesce(actors.rollup_actor_id, incident_actors.actor_id) as rollup_actor_id,
        case when actors.rollup_actor_id <> actors.actor_id then actors.attribution_source end as attribution_source

    from incident_actors
    left join actors
        on incident_actors.actor_id = actors.actor_id

)

select * from final
