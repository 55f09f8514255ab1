-- Per incident, the whole dispute: who claimed it (the brand as named and the organisation it
-- rolls up to: a facade's attributed group), who denied it, who accused whom, who condemned it, whether claims compete, and
-- when each was first reported.  Evidence per statement: fct_claims / bridge_claim_actors; per
-- role: bridge_incident_actors.

with

incidents as (

    select * from {{ ref('int_incidents') }}

),

status as (

    select * from {{ ref('int_incident_claim_status') }}

),

events as (

    select * from {{ ref('int_incident_claim_events') }}

),

actors as (

    select * from {{ ref('int_actors_unioned') }}

),

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

claims as (

    select * from {{ ref('int_claims_resolved') }}

),

events_rolled_up as (

    select
        events.*,
        coalesce(actors.rollup_actor_id, events.actor_id) as rollup_actor_id

    from events
    left join actors
        on events.actor_id = actors.actor_id

),

said as (

    select
        incident_id,

        list_sort(list_distinct(list(actor_id) filter (where event = 'claimed' and actor_id is not null)))
            as claimed_by_actor_ids,
        list_sort(list_distinct(list(rollup_actor_id) filter (where event = 'claimed' and actor_id is not null)))
            as claimed_by_rollup_actor_ids,
        min(reported_date) filter (where event = 'claimed') as first_claim_event_date,

        list_sort(list_distinct(list(actor_id) filter (where event = 'denied' and actor_id is not null)))
            as denied_by_actor_ids,
        min(reported_date) filter (where event = 'denied') as first_denied_date,

        list_sort(list_distinct(list(accused_actor_id) filter (where event = 'accused' and accused_actor_id is not null)))
            as accused_actor_ids,
        list_sort(list_distinct(list({'accuser_actor_id': actor_id, 'accused_actor_id': accused_actor_id})
            filter (where event = 'accused'))) as accusations,
        min(reported_date) filter (where event = 'accused') as first_accused_date,

        list_sort(list_distinct(list(actor_id) filter (where event = 'condemned' and actor_id is not null)))
            as condemned_by_actor_ids,
        min(reported_date) filter (where event = 'condemned') as first_condemned_date

    from events_rolled_up
    group by incident_id

),

retractions as (

    select
        denials.incident_id,
        min(denials.reported_date) as first_retracted_date

    from events as denials
    inner join events as claims_made
        on denials.incident_id = claims_made.incident_id
        and denials.actor_id = claims_made.actor_id
        and claims_made.event = 'claimed'
    where denials.event = 'denied'
    group by denials.incident_id

),

readings as (

    select
        incident_id,
        min(published_date) filter (where claim_status in ('claimed', 'disputed')) as first_report_claimed_date,
        min(published_date) filter (where claim_status in ('disputed', 'disowned')) as first_disowned_date

    from reports
    group by incident_id

),

claim_counts as (

    select
        incident_id,
        count(*) as n_claims,
        count(distinct article_id) as n_claim_articles

    from claims
    where incident_id is not null
    group by incident_id

),

final as (

    select
        incidents.incident_id,
        status.claim_status,
        status.has_competing_claims,
        status.is_disowned,
        status.n_claimants,

        coalesce(said.claimed_by_actor_ids, cast([] as varchar[])) as claimed_by_actor_ids,
        coalesce(said.claimed_by_rollup_actor_ids, cast([] as varchar[])) as claimed_by_rollup_actor_ids,
        least(said.first_claim_event_date, readings.first_report_claimed_date) as first_claimed_date,
        least(readings.first_disowned_date, retractions.first_retracted_date) as first_disowned_date,

        coalesce(said.denied_by_actor_ids, cast([] as varchar[])) as denied_by_actor_ids,
        said.first_denied_date,

        coalesce(said.accused_actor_ids, cast([] as varchar[])) as accused_actor_ids,
        coalesce(said.accusations, cast([] as struct(accuser_actor_id varchar, accused_actor_id varchar)[]))
            as accusations,
        said.first_accused_date,

        coalesce(said.condemned_by_actor_ids, cast([] as varchar[])) as condemned_by_actor_ids,
        said.first_condemned_date,

        coalesce(claim_counts.n_claims, 0) as n_claims,
        coalesce(claim_counts.n_claim_articles, 0) as n_claim_articles

    from incidents
    inner join status
        on incidents.incident_id = status.incident_id
    left join said
        on incidents.incident_id = said.incident_id
    left join readings
        on incidents.incident_id = readings.incident_id
    left join retractions
        on incidents.incident_id = retractions.incident_id
    left join claim_counts
        on incidents.incident_id = claim_counts.incident_id

)

select * from final
