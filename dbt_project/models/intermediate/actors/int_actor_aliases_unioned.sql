-- Every surface form that maps to an actor: the dictionary's aliases plus each spelling
-- under which a cue-found (unverified) actor appeared.  One row per (actor_id, alias).

with

dictionary_aliases as (

    select
        actor_id,
        alias,
        lang,
        'dictionary' as alias_source

    from {{ ref('stg_ref__actor_aliases') }}

),

cue_aliases as (

    select distinct
        actor_id,
        name_ar as alias,
        'ar' as lang,
        'cue' as alias_source

    from {{ ref('stg_extract__unverified_actors') }}

),

unioned as (

    select * from dictionary_aliases
    union all by name
    select * from cue_aliases

),

deduplicated as (

    select *
    from unioned
    qualify row_number() over (
        partition by actor_id, alias
        order by alias_source = 'dictionary' desc, lang nulls last
    ) = 1

)

select * from deduplicated
