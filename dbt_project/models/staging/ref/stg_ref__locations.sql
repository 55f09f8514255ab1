with

source as (

    select * from {{ source('ref', 'locations') }}

),

renamed as (

    select
        location_id,
        name_ar,
        nullif(trim(name_en), '') as name_en,
        location_type,
        nullif(trim(admin1), '') as admin1,
        upper(nullif(trim(country_code), '')) as country_code,
        latitude,
        longitude,
        geo_precision,
        nullif(trim(parent_location_id), '') as parent_location_id

    from source

)

select * from renamed
