-- How often, in how many articles, and between which article dates each actor is mentioned.

with

mentions as (

    select * from {{ ref('stg_extract__actor_mentions') }}

),

articles as (

    select * from {{ ref('int_articles_dated') }}

),

aggregated as (

    select
        mentions.actor_id,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count,
        min(articles.published_date) as first_seen_date,
        max(articles.published_date) as last_seen_date

    from mentions
    left join articles
        on mentions.article_id = articles.article_id
    group by mentions.actor_id

)

select * from aggregated
