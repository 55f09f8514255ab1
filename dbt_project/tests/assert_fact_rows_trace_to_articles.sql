-- Provenance: every row of every fact traces back to an article in dim_articles.
-- Report, mention, claim and bridge rows carry article_id directly; an incident traces
-- through its reports, so an incident without a report in a known article fails too.
-- Returns the offending rows (fact table, key, article_id).

with

fact_articles as (

    select 'fct_incident_reports' as fact, incident_id as row_key, article_id
    from {{ ref('fct_incident_reports') }}

    union all

    select 'bridge_incident_actors', incident_id || '/' || actor_id || '/' || role, article_id
    from {{ ref('bridge_incident_actors') }}

    union all

    select 'fct_actor_mentions', mention_id, article_id
    from {{ ref('fct_actor_mentions') }}

    union all

    select 'fct_claims', claim_id, article_id
    from {{ ref('fct_claims') }}

    union all

    select 'bridge_claim_actors', claim_id || '/' || actor_id || '/' || role, article_id
    from {{ ref('bridge_claim_actors') }}

),

untraced_rows as (

    select fact_articles.*
    from fact_articles
    left join {{ ref('dim_articles') }} as dim_articles
        on fact_articles.article_id = dim_articles.article_id
    where dim_articles.article_id is null

),

untraced_incidents as (

    select 'fct_incidents' as fact, incidents.incident_id as row_key, cast(null as varchar) as article_id
    from {{ ref('fct_incidents') }} as incidents
    where not exists (
        select 1
        from {{ ref('fct_incident_reports') }} as reports
        inner join {{ ref('dim_articles') }} as dim_articles
            on reports.article_id = dim_articles.article_id
        where reports.incident_id = incidents.incident_id
    )

)

select * from untraced_rows
union all
select * from untraced_incidents
