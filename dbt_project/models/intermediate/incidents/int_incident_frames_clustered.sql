-- Assigns every incident frame to an incident: the cross-article fusion slot.
--
-- The decision is made by the fuse_incidents asset (orchestration/fusion/, which scores every
-- candidate pair of frames and clusters them) and persisted in fusion.incident_registry, so an
-- incident keeps its id when later refreshes add reports of it.  A frame the registry does not
-- know yet (fusion has not run since it was extracted) is its own incident, with its frame key
-- as id -- exactly what an unfused incident's id is.
--
-- fusion_score is the best score linking the frame to another report of the same incident
-- (null for an incident reported once), so every fused report says how strongly it was matched.

with

frames as (

    select * from {{ ref('int_incident_frames_enriched') }}

),

registry as (

    select * from {{ ref('stg_fusion__incident_registry') }}

),

pairs as (

    select * from {{ ref('stg_fusion__frame_pairs') }}

),

clusters as (

    select
        frames.frame_key,
        coalesce(registry.incident_id, frames.frame_key) as incident_id

    from frames
    left join registry
        on frames.frame_key = registry.frame_key

),

pair_ends as (

    select frame_key_a as frame_key, frame_key_b as other_frame_key, score from pairs
    union all
    select frame_key_b, frame_key_a, score from pairs

),

fusion_scores as (

    select
        pair_ends.frame_key,
        max(pair_ends.score) as fusion_score

    from pair_ends
    inner join clusters as this_frame
        on pair_ends.frame_key = this_frame.frame_key
    inner join clusters as other_frame
        on pair_ends.other_frame_key = other_frame.frame_key
    where this_frame.incident_id = other_frame.incident_id
    group by pair_ends.frame_key

),

clustered as (

    select
        clusters.incident_id,
        frames.*,
        fusion_scores.fusion_score

    from frames
    inner join clusters
        on frames.frame_key = clusters.frame_key
    left join fusion_scores
        on frames.frame_key = fusion_scores.frame_key

)

select * from clustered
