with

mentions as (

    select * from {{ ref('stg_extract__actor_mentions') }}

),

final as (

    select
        {{ actor_mention_key('article_id', 'mention_index') }} as mention_id,
        article_id,
        mention_index,
        actor_id,
        surface,
        sentence_index,
        char_start,
        char_end,
        match_kind

    from mentions

)

select * from final
