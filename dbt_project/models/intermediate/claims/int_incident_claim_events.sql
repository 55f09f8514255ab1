-- Everything said about who did an incident, one row per (incident, what, who), from two kinds of
-- evidence: the statements (extract.claims linked to the incident through their frame) and the
-- roles the incident frames give actors (extract.incident_actors).
--
--   claimed    actor_id claimed it: speaker of a responsibility_claim, a claimed_perpetrator
--              role (a "credited" subject is not a claim by that actor, so it does not count)
--   denied     actor_id denied it: speaker of a denial (or, when anonymous, whom it denies for),
--              a denier role
--   accused    actor_id (null when anonymous or not said) blamed accused_actor_id: an accused
--              subject of any statement, an alleged_perpetrator role
--   condemned  actor_id condemned it: speaker of a condemnation
--
-- reported_date is the reporting article's date (else the statement's date): "when was this first
-- said" is min(reported_date).

with

claims as (

    select
        claims.*,
        coalesce(articles.published_date, claims.claim_date) as reported_date

    from {{ ref('int_claims_resolved') }} as claims
    left join {{ ref('int_articles_dated') }} as articles
        on claims.article_id = articles.article_id
    where claims.incident_id is not null

),

subjects as (

    select * from {{ ref('int_claim_actors_keyed') }}

),

incident_roles as (

    select
        roles.*,
        articles.published_date as reported_date

    from {{ ref('int_incident_actors_resolved') }} as roles
    left join {{ ref('int_articles_dated') }} as articles
        on roles.article_id = articles.article_id
    where roles.incident_id is not null

),

speaker_events as (

    select
        incident_id,
        case claim_type
            when 'responsibility_claim' then 'claimed'
            when 'denial' then 'denied'
            when 'condemnation' then 'condemned'
        end as event,
        speaker_actor_id as actor_id,
        cast(null as varchar) as accused_actor_id,
        article_id,
        claim_id,
        reported_date,
        'claim' as evidence

    from claims
    where claim_type in ('responsibility_claim', 'denial', 'condemnation')
      and speaker_actor_id is not null

),

subject_events as (

    select
        claims.incident_id,
        case subjects.role
            when 'accused' then 'accused'
            when 'denied_for' then 'denied'
        end as event,
        case subjects.role
            when 'accused' then claims.speaker_actor_id
            else subjects.actor_id
        end as actor_id,
        case subjects.role
            when 'accused' then subjects.actor_id
        end as accused_actor_id,
        claims.article_id,
        claims.claim_id,
        claims.reported_date,
        'claim' as evidence

    from claims
    inner join subjects
        on claims.claim_id = subjects.claim_id
    where subjects.role = 'accused'
       or (subjects.role = 'denied_for' and claims.claim_type = 'denial' and claims.speaker_actor_id is null)

),

role_events as (

    select
        incident_id,
        case role
            when 'claimed_perpetrator' then 'claimed'
            when 'alleged_perpetrator' then 'accused'
            when 'denier' then 'denied'
        end as event,
        case when role = 'alleged_perpetrator' then null else actor_id end as actor_id,
        case when role = 'alleged_perpetrator' then actor_id end as accused_actor_id,
        article_id,
        cast(null as varchar) as claim_id,
        reported_date,
        'incident_role' as evidence

    from incident_roles
    where role in ('claimed_perpetrator', 'alleged_perpetrator', 'denier')

),

unioned as (

    select * from speaker_events
    union all
    select * from subject_events
    union all
    select * from role_events

)

select * from unioned
