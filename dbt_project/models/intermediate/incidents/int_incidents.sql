-- One row per incident, collapsing the frames clustered into it.
--
-- Coverage (n_articles, n_outlets, first_reported_date) is aggregated over all the
-- incident's frames.  The descriptive fields come from one representative frame: a
-- foreground report before a background mention, then the most confident, then the
-- earliest-reported.  With one frame per incident (no fusion yet) that is simply the
-- frame; once fusion clusters frames, field-level reconciliation (e.g. casualty ranges
-- across reports) can replace the representative pick here.

with

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

representative as (

    select *
    from reports
    qualify row_number() over (
        partition by incident_id
        order by
            is_background,
            confidence desc,
            published_date nulls last,
            article_id,
            frame_index
    ) = 1

),

coverage as (

    select
        incident_id,
        count(*) as n_reports,
        count(distinct article_id) as n_articles,
        count(distinct outlet) as n_outlets,
        min(published_date) as first_reported_date,
        bool_and(is_background) as is_background

    from reports
    group by incident_id

),

incidents as (

    select
        representative.incident_id,
        representative.incident_date,
        representative.date_precision,
        representative.event_type,
        representative.weapon,
        representative.location_id,
        representative.launch_location_id,
        representative.target_name,
        representative.target_type,
        representative.munitions_min,
        representative.munitions_max,
        representative.intercepted,
        representative.killed_min,
        representative.killed_max,
        representative.injured_min,
        representative.injured_max,
        representative.civilian_casualties,
        representative.claim_status,
        coverage.n_articles,
        coverage.n_outlets,
        coverage.first_reported_date,
        representative.confidence,
        coverage.is_background,
        coverage.n_reports

    from representative
    inner join coverage
        on representative.incident_id = coverage.incident_id

)

select * from incidents
