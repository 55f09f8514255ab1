with

source as (

    select * from {{ source('fusion', 'frame_pairs') }}

),

renamed as (

    select
        -- the two frames (a sorts before b by article_id, frame_index)
        frame_key_a,
        article_id_a,
        frame_index_a,
        frame_key_b,
        article_id_b,
        frame_index_b,

        -- the score, part by part
        date_relation,
        date_gap_days,
        date_score,
        place_relation,
        place_score,
        means_relation,
        means_score,
        target_relation,
        target_score,
        actor_relation,
        actor_score,
        score,
        threshold,

        -- the outcome
        veto,
        is_match,
        decision,
        same_incident,
        scorer_version,
        scored_at

    from source

)

select * from renamed
