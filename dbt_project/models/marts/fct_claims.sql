with

claims as (

    select * from {{ ref('int_claims_resolved') }}

),

final as (

    select
        claim_id,
        article_id,
        claim_index,
        sentence_index,
        char_start,
        char_end,
        frame_index,
        incident_id,
        speaker_actor_id,
        speaker_text,
        speaker_anonymous,
        claim_type,
        predicate,
        subject_actor_ids,
        via_actor_id,
        quote_text,
        claim_date,
        confidence

    from claims

)

select * from final
