-- Every actor the warehouse can point at: the dictionary, plus organisations the
-- extractors found by a cue word ("حركة X") that the dictionary lacks.  The cue table has
-- one row per (actor, article); here each such actor gets one row, named by the spelling
-- (and typed by the actor_type) seen in most articles.

with

dictionary_actors as (

    select
        actor_id,
        name_ar,
        name_en,
        actor_type,
        parent_actor_id,
        affiliation,
        attribution_source,
        is_collective,
        verified,
        'dictionary' as actor_source

    from {{ ref('stg_ref__actors') }}

),

cue_sightings as (

    select
        actor_id,
        name_ar,
        actor_type,
        count(*) as n_articles

    from {{ ref('stg_extract__unverified_actors') }}
    group by actor_id, name_ar, actor_type

),

cue_actors as (

    select
        actor_id,
        name_ar,
        cast(null as varchar) as name_en,
        actor_type,
        cast(null as varchar) as parent_actor_id,
        cast(null as varchar) as affiliation,
        cast(null as varchar) as attribution_source,
        false as is_collective,
        false as verified,
        'cue' as actor_source

    from cue_sightings
    where actor_id not in (select actor_id from dictionary_actors)
    qualify row_number() over (
        partition by actor_id
        order by n_articles desc, name_ar, actor_type
    ) = 1

),

unioned as (

    select * from dictionary_actors
    union all by name
    select * from cue_actors

),

-- A facade brand's claims roll up to the organisation analysts attribute it to (a parent link
-- with an attribution_source); any other actor stands for itself.
rolled_up as (

    select
        *,
        case
            when parent_actor_id is not null and attribution_source is not null then parent_actor_id
            else actor_id
        end as rollup_actor_id

    from unioned

)

select * from rolled_up
