-- Outlet x month: what each outlet published and how early it was.
--
-- Month of the article's publication date; outlet and month are null when unknown (one row for
-- each such combination).  An incident is first reported by an outlet when one of its articles
-- has the incident's first_reported_date (several outlets can share the first day).  Claims
-- relayed: the statements (claims, denials, accusations ...) the outlet's articles carry.

with

articles as (

    select
        article_id,
        outlet,
        published_date,
        cast(date_trunc('month', published_date) as date) as publication_month

    from {{ ref('int_articles_dated') }}

),

reports as (

    select * from {{ ref('int_incident_frames_clustered') }}

),

incidents as (

    select * from {{ ref('int_incidents') }}

),

claims as (

    select * from {{ ref('int_claims_resolved') }}

),

coverage as (

    select articles.outlet, articles.publication_month, 'articles' as metric, articles.article_id as item_id
    from articles

    union all

    select articles.outlet, articles.publication_month, 'incidents_reported', reports.incident_id
    from reports
    inner join articles on reports.article_id = articles.article_id

    union all

    select articles.outlet, articles.publication_month, 'incidents_first_reported', reports.incident_id
    from reports
    inner join articles on reports.article_id = articles.article_id
    inner join incidents on reports.incident_id = incidents.incident_id
    where articles.published_date = incidents.first_reported_date

    union all

    select articles.outlet, articles.publication_month, 'claims_relayed', claims.claim_id
    from claims
    inner join articles on claims.article_id = articles.article_id

),

final as (

    select
        outlet,
        publication_month,
        count(distinct item_id) filter (where metric = 'articles') as articles,
        count(distinct item_id) filter (where metric = 'incidents_reported') as incidents_reported,
        count(distinct item_id) filter (where metric = 'incidents_first_reported') as incidents_first_reported,
        count(distinct item_id) filter (where metric = 'claims_relayed') as claims_relayed

    from coverage
    group by all

)

select * from final
