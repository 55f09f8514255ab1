with

locations as (

    select * from {{ ref('stg_ref__locations') }}

),

final as (

    select
        location_id,
        name_ar,
        name_en,
        location_type,
        admin1,
        country_code,
        latitude,
        longitude,
        geo_precision,
        parent_location_id

    from locations

)

select * from final
