-- Assigns every incident frame to an incident.  THIS IS WHERE CROSS-ARTICLE FUSION PLUGS IN.
--
-- Version 1 does no fusion: each frame is its own incident, and incident_id is the frame's
-- stable key md5(article_id || ':incident:' || frame_index).  A fusion step replaces the
-- `clusters` CTE with one that maps several frames (from different articles) to one
-- incident_id -- ideally the key of the cluster's earliest-reported frame, so that ids of
-- unfused incidents stay what they are today.  Everything downstream (int_incidents,
-- fct_incident_reports, bridge_incident_actors, fct_claims.incident_id) reads the mapping
-- from here and needs no change.

with

frames as (

    select * from {{ ref('int_incident_frames_enriched') }}

),

clusters as (

    select
        frame_key,
        frame_key as incident_id

    from frames

),

clustered as (

    select
        clusters.incident_id,
        frames.*

    from frames
    inner join clusters
        on frames.frame_key = clusters.frame_key

)

select * from clustered
