-- dim_locations: a parent must be another location; geo_precision follows location_type.
select
    d.*,
    d.parent_location_id is null
        or (d.parent_location_id <> d.location_id
            and d.parent_location_id in (select location_id from marts.dim_locations)) as parent_ok,
    d.geo_precision = case d.location_type
        when 'site' then 1 when 'neighbourhood' then 1 when 'city' then 2 when 'district' then 2
        when 'governorate' then 3 when 'country' then 4 end as precision_ok
from marts.dim_locations as d
