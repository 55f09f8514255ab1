-- Day x governorate x event type: how many incidents, and the figures they add up to.
--
-- Only incidents dated to the day (date_precision = 'day').  The governorate is the one the struck
-- place lies in (null when the place is a country or unknown).  Figures add up as ranges: *_min is
-- the sum of the incidents' lower bounds (ACLED's lowest credible figure); *_max the sum of their
-- upper bounds, null when an incident giving the figure is open-ended ("at least five").

with

incidents as (

    select * from {{ ref('int_incidents') }}
    where date_precision = 'day'

),

rolled_up as (

    select * from {{ ref('int_locations_rolled_up') }}

),

locations as (

    select * from {{ ref('stg_ref__locations') }}

),

located as (

    select
        incidents.*,
        rolled_up.governorate_id,
        places.country_code

    from incidents
    left join rolled_up
        on incidents.location_id = rolled_up.location_id
    left join locations as places
        on incidents.location_id = places.location_id

),

daily as (

    select
        incident_date,
        governorate_id,
        country_code,
        event_type,
        count(*) as incidents,
        count(*) filter (where claim_status in ('claimed', 'disputed')) as incidents_claimed,
        count(*) filter (where civilian_casualties) as incidents_with_civilian_casualties,

        cast(sum(munitions_min) as bigint) as munitions_min,
        case when bool_or(munitions_min is not null and munitions_max is null) then null
             else cast(sum(munitions_max) as bigint) end as munitions_max,
        cast(sum(killed_min) as bigint) as killed_min,
        case when bool_or(killed_min is not null and killed_max is null) then null
             else cast(sum(killed_max) as bigint) end as killed_max,
        cast(sum(injured_min) as bigint) as injured_min,
        case when bool_or(injured_min is not null and injured_max is null) then null
             else cast(sum(injured_max) as bigint) end as injured_max

    from located
    group by all

),

final as (

    select
        daily.incident_date,
        daily.governorate_id,
        governorates.name_en as governorate_name_en,
        governorates.name_ar as governorate_name_ar,
        daily.country_code,
        daily.event_type,
        daily.incidents,
        daily.incidents_claimed,
        daily.incidents_with_civilian_casualties,
        daily.munitions_min,
        daily.munitions_max,
        daily.killed_min,
        daily.killed_max,
        daily.injured_min,
        daily.injured_max

    from daily
    left join locations as governorates
        on daily.governorate_id = governorates.location_id

)

select * from final
