with

actors as (

    select * from {{ ref('int_actors_unioned') }}

),

mention_stats as (

    select * from {{ ref('int_actor_mentions_aggregated_to_actors') }}

),

final as (

    select
        actors.actor_id,
        actors.name_ar,
        actors.name_en,
        actors.actor_type,
        actors.parent_actor_id,
        actors.affiliation,
        coalesce(mention_stats.mention_count, 0) as mention_count,
        coalesce(mention_stats.article_count, 0) as article_count,
        mention_stats.first_seen_date,
        mention_stats.last_seen_date,
        actors.is_collective,
        actors.verified,
        actors.actor_source,
        actors.attribution_source,
        actors.rollup_actor_id

    from actors
    left join mention_stats
        on actors.actor_id = mention_stats.actor_id

)

select * from final
