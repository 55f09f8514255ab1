-- Each gazetteer place with the governorate and country it lies in (itself when it is one), found
-- by walking up parent_location_id: what analysts group incidents by.

with recursive

locations as (

    select * from {{ ref('stg_ref__locations') }}

),

ancestors as (

    select
        location_id,
        location_id as ancestor_location_id,
        0 as depth

    from locations

    union all

    select
        ancestors.location_id,
        locations.parent_location_id as ancestor_location_id,
        ancestors.depth + 1 as depth

    from ancestors
    inner join locations
        on ancestors.ancestor_location_id = locations.location_id
    where locations.parent_location_id is not null
      and ancestors.depth < 10

),

typed_ancestors as (

    select
        ancestors.location_id,
        ancestors.ancestor_location_id,
        ancestors.depth,
        locations.location_type as ancestor_type

    from ancestors
    inner join locations
        on ancestors.ancestor_location_id = locations.location_id

),

rolled_up as (

    select
        locations.location_id,
        arg_min(typed_ancestors.ancestor_location_id, typed_ancestors.depth)
            filter (where typed_ancestors.ancestor_type = 'governorate') as governorate_id,
        arg_min(typed_ancestors.ancestor_location_id, typed_ancestors.depth)
            filter (where typed_ancestors.ancestor_type = 'country') as country_id

    from locations
    left join typed_ancestors
        on locations.location_id = typed_ancestors.location_id
    group by locations.location_id

)

select * from rolled_up
