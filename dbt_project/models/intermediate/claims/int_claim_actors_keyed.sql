-- Claim-actor roles with the claim's stable id.

with

claim_actors as (

    select * from {{ ref('stg_extract__claim_actors') }}

),

keyed as (

    select
        {{ claim_key('article_id', 'claim_index') }} as claim_id,
        actor_id,
        role,
        article_id,
        claim_index

    from claim_actors

)

select * from keyed
