-- The claim status of each incident, derived from everything every report says:
--
--   claimed    some report says it was claimed (the frame's own reading, a responsibility claim,
--              a credited or claimed_perpetrator actor)
--   disowned   some report says the claim was retracted: the frame's reading (disputed /
--              disowned), or a claimant that also denied it
--   competing  two armed groups (militia / organisation actors, not collective labels such as
--              "armed factions") claim it that do not roll up to the same organisation (a facade
--              and the group analysts attribute it to are one claimant: rollup_actor_id)
--
--   claim_status = disputed   when claimed and (disowned or competing)
--                  claimed    when claimed
--                  disowned   when only disowned
--                  unclaimed  otherwise
--
-- A denial by a third party (a group that never claimed it, a government) does not make an
-- incident disputed; it is in mart_incident_claims.denied_by_actor_ids.

with

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

events as (

    select * from {{ ref('int_incident_claim_events') }}

),

actors as (

    select * from {{ ref('int_actors_unioned') }}

),

frame_readings as (

    select
        incident_id,
        bool_or(claim_status in ('claimed', 'disputed')) as any_report_claimed,
        bool_or(claim_status in ('disputed', 'disowned')) as any_report_disowned

    from reports
    group by incident_id

),

claimants as (

    select distinct
        events.incident_id,
        events.actor_id,
        coalesce(actors.rollup_actor_id, events.actor_id) as claimant_rollup_actor_id,
        actors.actor_type in ('militia', 'organization') and not actors.is_collective as is_armed_group

    from events
    left join actors
        on events.actor_id = actors.actor_id
    where events.event = 'claimed'
      and events.actor_id is not null

),

claimant_counts as (

    select
        incident_id,
        count(distinct actor_id) as n_claimants,
        count(distinct claimant_rollup_actor_id) filter (where is_armed_group) as n_armed_group_rollups

    from claimants
    group by incident_id

),

retractions as (

    select distinct events.incident_id

    from events
    inner join claimants
        on events.incident_id = claimants.incident_id
        and events.actor_id = claimants.actor_id
    where events.event = 'denied'

),

flags as (

    select
        frame_readings.incident_id,
        frame_readings.any_report_claimed or claimant_counts.incident_id is not null as is_claimed,
        frame_readings.any_report_disowned or retractions.incident_id is not null as is_disowned,
        coalesce(claimant_counts.n_claimants, 0) as n_claimants,
        coalesce(claimant_counts.n_armed_group_rollups, 0) >= 2 as has_competing_claims

    from frame_readings
    left join claimant_counts
        on frame_readings.incident_id = claimant_counts.incident_id
    left join retractions
        on frame_readings.incident_id = retractions.incident_id

),

final as (

    select
        incident_id,
        is_claimed,
        is_disowned,
        n_claimants,
        has_competing_claims,
        case
            when is_claimed and (is_disowned or has_competing_claims) then 'disputed'
            when is_claimed then 'claimed'
            when is_disowned then 'disowned'
            else 'unclaimed'
        end as claim_status

    from flags

)

select * from final
