with

source as (

    select * from {{ source('extract', 'actor_mentions') }}

),

renamed as (

    select
        article_id,
        mention_index,
        actor_id,
        surface,
        sentence_index,
        char_start,
        char_end,
        match_kind

    from source

)

select * from renamed
