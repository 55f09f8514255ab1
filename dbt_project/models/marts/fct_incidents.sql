with

incidents as (

    select * from {{ ref('int_incidents') }}

),

final as (

    select
        incident_id,
        incident_date,
        date_precision,
        event_type,
        weapon,
        location_id,
        launch_location_id,
        target_name,
        target_type,
        munitions_min,
        munitions_max,
        intercepted,
        intercepted_max,
        killed_min,
        killed_max,
        injured_min,
        injured_max,
        civilian_casualties,
        claim_status,
        n_articles,
        n_outlets,
        first_reported_date,
        confidence,
        is_background,
        n_reports

    from incidents

)

select * from final
