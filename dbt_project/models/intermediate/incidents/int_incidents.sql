-- One row per incident, reconciling the reports (frames) fused into it.
--
-- Figures are ranges over the reports, in ACLED's spirit (keep the lowest credible figure, and
-- keep the dispute visible): *_min is the lowest lower bound any report gives; *_max the highest
-- figure any report gives, or null (open-ended) when no report gives an upper bound or a report's
-- "at least N" exceeds every upper bound given.  An incident reported once keeps that report's
-- figures unchanged.  Which report said what stays in fct_incident_reports.
--
-- Descriptive fields are each taken from the report that knows most about them, so a passing
-- recap never overrides the news report:
--   date          most precise (day > month > year > unknown), then a foreground report, then the
--                 earliest date (an event precedes its reports, and a misresolved "yesterday" or
--                 a recap dated on its article's day drifts later, never earlier)
--   place         most specific (site > town > governorate > country), then the place most reports
--                 agree on, then a foreground report, then the most confident
--   event/weapon  a specific event type over "attack", the most specific weapon (katyusha/grad
--                 over rocket), then a foreground report, then agreement, then confidence
--   target        a known target type, then a foreground report, then agreement, then confidence
-- Remaining ties go to the earliest-reported article.  claim_status comes from every claim about
-- the incident (int_incident_claim_status).

with

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

locations as (

    select * from {{ ref('stg_ref__locations') }}

),

claim_status as (

    select * from {{ ref('int_incident_claim_status') }}

),

ranked as (

    select
        reports.*,
        case reports.date_precision when 'day' then 0 when 'month' then 1 when 'year' then 2 else 3 end
            as date_rank,
        coalesce(locations.geo_precision, 5) as place_rank,
        count(*) over (partition by reports.incident_id, reports.location_id) as place_votes,
        count(*) over (partition by reports.incident_id, reports.launch_location_id) as launch_votes,
        case
            when reports.weapon in ('katyusha', 'grad') then 0
            when reports.weapon is not null and reports.weapon <> 'other' then 1
            when reports.weapon = 'other' then 2
            else 3
        end as weapon_rank,
        count(*) over (partition by reports.incident_id, reports.event_type, reports.weapon) as means_votes,
        count(*) over (partition by reports.incident_id, reports.target_type, reports.target_name) as target_votes

    from reports
    left join locations
        on reports.location_id = locations.location_id

),

best_date as (

    select incident_id, incident_date, date_precision
    from ranked
    qualify row_number() over (
        partition by incident_id
        order by date_rank, is_background, incident_date, confidence desc,
            published_date nulls last, article_id, frame_index
    ) = 1

),

best_place as (

    select incident_id, location_id
    from ranked
    qualify row_number() over (
        partition by incident_id
        order by place_rank, place_votes desc, is_background, confidence desc,
            published_date nulls last, article_id, frame_index
    ) = 1

),

best_launch as (

    select incident_id, launch_location_id
    from ranked
    qualify row_number() over (
        partition by incident_id
        order by launch_location_id is null, is_background, launch_votes desc, confidence desc,
            published_date nulls last, article_id, frame_index
    ) = 1

),

best_means as (

    select incident_id, event_type, weapon
    from ranked
    qualify row_number() over (
        partition by incident_id
        order by event_type in ('attack', 'other'), weapon_rank, is_background, means_votes desc,
            confidence desc, published_date nulls last, article_id, frame_index
    ) = 1

),

best_target as (

    select incident_id, target_name, target_type
    from ranked
    qualify row_number() over (
        partition by incident_id
        order by target_type is null, target_name is null, is_background, target_votes desc,
            confidence desc, published_date nulls last, article_id, frame_index
    ) = 1

),

figures as (

    select
        incident_id,

        min(munitions_min) as munitions_min,
        case when max(munitions_min) > max(munitions_max) then null else max(munitions_max) end as munitions_max,
        min(intercepted) as intercepted,
        max(intercepted) as intercepted_max,
        min(killed_min) as killed_min,
        case when max(killed_min) > max(killed_max) then null else max(killed_max) end as killed_max,
        min(injured_min) as injured_min,
        case when max(injured_min) > max(injured_max) then null else max(injured_max) end as injured_max,
        bool_or(civilian_casualties) as civilian_casualties,

        count(*) as n_reports,
        count(distinct article_id) as n_articles,
        count(distinct outlet) as n_outlets,
        min(published_date) as first_reported_date,
        max(confidence) as confidence,
        bool_and(is_background) as is_background

    from reports
    group by incident_id

),

incidents as (

    select
        figures.incident_id,
        best_date.incident_date,
        best_date.date_precision,
        best_means.event_type,
        best_means.weapon,
        best_place.location_id,
        best_launch.launch_location_id,
        best_target.target_name,
        best_target.target_type,
        figures.munitions_min,
        figures.munitions_max,
        figures.intercepted,
        figures.intercepted_max,
        figures.killed_min,
        figures.killed_max,
        figures.injured_min,
        figures.injured_max,
        figures.civilian_casualties,
        claim_status.claim_status,
        figures.n_articles,
        figures.n_outlets,
        figures.first_reported_date,
        figures.confidence,
        figures.is_background,
        figures.n_reports

    from figures
    inner join best_date on figures.incident_id = best_date.incident_id
    inner join best_place on figures.incident_id = best_place.incident_id
    inner join best_launch on figures.incident_id = best_launch.incident_id
    inner join best_means on figures.incident_id = best_means.incident_id
    inner join best_target on figures.incident_id = best_target.incident_id
    inner join claim_status on figures.incident_id = claim_status.incident_id

)

select * from incidents
