with

source as (

    select * from {{ source('extract', 'incident_frames') }}

),

renamed as (

    select
        -- keys
        article_id,
        frame_index,

        -- what happened
        is_background,
        event_type,
        weapon,
        target_name,
        target_type,
        claim_status,

        -- when and where
        incident_date,
        date_precision,
        date_text,
        location_id,
        launch_location_id,

        -- figures as this article gives them
        munitions_min,
        munitions_max,
        intercepted,
        killed_min,
        killed_max,
        injured_min,
        injured_max,
        civilian_casualties,

        -- provenance
        sentence_index,
        char_start,
        char_end,
        evidence_text,
        confidence

    from source

)

select * from renamed
