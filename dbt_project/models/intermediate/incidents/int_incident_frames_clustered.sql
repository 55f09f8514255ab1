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
-- Identical accounts are scored once (a fusion node): each is linked to the node's first report.

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

pair_ends as (  -- the pairs fusion put in one incident, from both ends

    select frame_key_a as frame_key, score from pairs where same_incident
    union all
    select frame_key_b, score from pairs where same_incident

),

fusion_scores as (  -- (read from the pair itself: joining both ends to their incidents would pair
                    --  every two reports of a much-recalled incident, a square that grows with them)

    select
        frame_key,
        max(score) as fusion_score

    from pair_ends
    group by frame_key

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
