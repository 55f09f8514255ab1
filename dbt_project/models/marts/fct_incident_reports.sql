with

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

final as (

    select
        -- keys and provenance
        incident_id,
        article_id,
        frame_index,
        sentence_index,
        char_start,
        char_end,
        evidence_text,

        -- the figures this article gives
        munitions_min,
        munitions_max,
        intercepted,
        killed_min,
        killed_max,
        injured_min,
        injured_max,
        civilian_casualties,
        incident_date,
        date_precision,
        date_text,
        location_id,
        launch_location_id,

        -- how this article describes the event
        event_type,
        weapon,
        target_name,
        target_type,
        claim_status,
        is_background,
        confidence,

        -- the reporting article
        published_date,
        outlet,

        -- how strongly fusion matched this report to another report of the incident
        fusion_score

    from reports

)

select * from final
