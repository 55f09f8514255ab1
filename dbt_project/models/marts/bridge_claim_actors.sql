with

claim_actors as (

    select * from {{ ref('int_claim_actors_keyed') }}

),

final as (

    select
        claim_id,
        actor_id,
        role,
        article_id,
        claim_index

    from claim_actors

)

select * from final
