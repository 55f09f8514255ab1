-- Actor x month: what each actor did and what was said about it.
--
-- Incidents count in the month of the incident (its date, else when it was first reported);
-- statements in the month they were made (claim_date, else the article's date); mentions in the
-- month of the article.  activity_month is null for activity with no date at all.  An actor's own
-- rows only: roll a facade up to the organisation it is attributed to with rollup_actor_id.

with

incidents as (

    select
        incident_id,
        coalesce(incident_date, first_reported_date) as incident_day

    from {{ ref('int_incidents') }}

),

events as (

    select * from {{ ref('int_incident_claim_events') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

claims as (

    select
        claims.*,
        coalesce(claims.claim_date, articles.published_date) as said_on

    from {{ ref('int_claims_resolved') }} as claims
    left join articles
        on claims.article_id = articles.article_id

),

claim_actors as (

    select * from {{ ref('int_claim_actors_keyed') }}

),

accusations as (

    select claims.*
    from claims
    where claims.claim_type = 'accusation'
       or exists (
            select 1 from claim_actors
            where claim_actors.claim_id = claims.claim_id and claim_actors.role = 'accused'
       )

),

mentions as (

    select
        mentions.actor_id,
        {{ actor_mention_key('mentions.article_id', 'mentions.mention_index') }} as mention_id,
        articles.published_date

    from {{ ref('stg_extract__actor_mentions') }} as mentions
    left join articles
        on mentions.article_id = articles.article_id

),

activity as (

    select events.actor_id, incidents.incident_day as day, 'incidents_claimed' as metric, events.incident_id as item_id
    from events
    inner join incidents on events.incident_id = incidents.incident_id
    where events.event = 'claimed' and events.actor_id is not null

    union all

    select events.accused_actor_id, incidents.incident_day, 'incidents_alleged', events.incident_id
    from events
    inner join incidents on events.incident_id = incidents.incident_id
    where events.event = 'accused' and events.accused_actor_id is not null

    union all

    select speaker_actor_id, said_on, 'accusations_made', claim_id
    from accusations
    where speaker_actor_id is not null

    union all

    select claim_actors.actor_id, accusations.said_on, 'accusations_received', accusations.claim_id
    from accusations
    inner join claim_actors
        on accusations.claim_id = claim_actors.claim_id and claim_actors.role = 'accused'

    union all

    select speaker_actor_id, said_on, 'denials', claim_id
    from claims
    where claim_type = 'denial' and speaker_actor_id is not null

    union all

    select speaker_actor_id, said_on, 'condemnations', claim_id
    from claims
    where claim_type = 'condemnation' and speaker_actor_id is not null

    union all

    select speaker_actor_id, said_on, 'claims_made', claim_id
    from claims
    where speaker_actor_id is not null

    union all

    select actor_id, published_date, 'mentions', mention_id
    from mentions

),

monthly as (

    select
        actor_id,
        cast(date_trunc('month', day) as date) as activity_month,
        count(distinct item_id) filter (where metric = 'incidents_claimed') as incidents_claimed,
        count(distinct item_id) filter (where metric = 'incidents_alleged') as incidents_alleged,
        count(distinct item_id) filter (where metric = 'accusations_made') as accusations_made,
        count(distinct item_id) filter (where metric = 'accusations_received') as accusations_received,
        count(distinct item_id) filter (where metric = 'denials') as denials,
        count(distinct item_id) filter (where metric = 'condemnations') as condemnations,
        count(distinct item_id) filter (where metric = 'claims_made') as claims_made,
        count(distinct item_id) filter (where metric = 'mentions') as mentions

    from activity
    group by all

),

final as (

    select
        monthly.actor_id,
        monthly.activity_month,
        actors.rollup_actor_id,
        monthly.incidents_claimed,
        monthly.incidents_alleged,
        monthly.accusations_made,
        monthly.accusations_received,
        monthly.denials,
        monthly.condemnations,
        monthly.claims_made,
        monthly.mentions

    from monthly
    left join {{ ref('int_actors_unioned') }} as actors
        on monthly.actor_id = actors.actor_id

)

select * from final
