with

source as (

    select * from {{ source('extract', 'claims') }}

),

renamed as (

    select
        -- keys
        article_id,
        claim_index,
        frame_index,

        -- who said what
        speaker_actor_id,
        speaker_text,
        speaker_anonymous,
        claim_type,
        predicate,
        via_actor_id,
        quote_text,
        claim_date,
        confidence,

        -- provenance
        sentence_index,
        char_start,
        char_end

    from source

)

select * from renamed
