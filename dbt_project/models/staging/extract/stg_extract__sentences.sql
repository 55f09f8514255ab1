with

source as (

    select * from {{ source('extract', 'sentences') }}

),

renamed as (

    select
        article_id,
        sentence_index,
        char_start,
        char_end,
        text as sentence_text,
        is_boilerplate

    from source

)

select * from renamed
