-- Incident-actor roles as each article states them, attached to the incident the frame
-- belongs to.  A left join, so a role whose frame does not exist surfaces as a null
-- incident_id (and fails the not_null test) instead of vanishing.

with

incident_actors as (

    select * from {{ ref('stg_extract__incident_actors') }}

),

frames as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

resolved as (

    select distinct
        frames.incident_id,
        incident_actors.actor_id,
        incident_actors.role,
        incident_actors.article_id

    from incident_actors
    left join frames
        on incident_actors.article_id = frames.article_id
        and incident_actors.frame_index = frames.frame_index

)

select * from resolved
