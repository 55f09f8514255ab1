with

source as (

    select * from {{ source('extract', 'place_mentions') }}

),

renamed as (

    select
        article_id,
        mention_index,
        location_id,
        surface,
        sentence_index,
        char_start,
        char_end,
        role as place_role

    from source

)

select * from renamed
