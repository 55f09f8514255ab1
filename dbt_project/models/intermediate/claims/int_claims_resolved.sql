-- Each claim with its stable id, the incident it is about (through the frame -> incident
-- mapping, so it follows fusion), and the list of actors it accuses / denies for /
-- condemns / credits.

with

claims as (

    select * from {{ ref('stg_extract__claims') }}

),

claim_actors as (

    select * from {{ ref('int_claim_actors_keyed') }}

),

frames as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

subjects as (

    select
        claim_id,
        list_sort(list_distinct(list(actor_id))) as subject_actor_ids

    from claim_actors
    where role in ('accused', 'denied_for', 'condemned', 'credited')
    group by claim_id

),

resolved as (

    select
        {{ claim_key('claims.article_id', 'claims.claim_index') }} as claim_id,
        claims.article_id,
        claims.claim_index,
        claims.sentence_index,
        claims.char_start,
        claims.char_end,
        claims.frame_index,
        frames.incident_id,
        claims.speaker_actor_id,
        claims.speaker_text,
        claims.speaker_anonymous,
        claims.claim_type,
        claims.predicate,
        coalesce(subjects.subject_actor_ids, cast([] as varchar[])) as subject_actor_ids,
        claims.via_actor_id,
        claims.quote_text,
        claims.claim_date,
        claims.confidence

    from claims
    left join frames
        on claims.article_id = frames.article_id
        and claims.frame_index = frames.frame_index
    left join subjects
        on {{ claim_key('claims.article_id', 'claims.claim_index') }} = subjects.claim_id

)

select * from resolved
