-- ref_locations: the gazetteer; geo_precision follows location_type (1 site/neighbourhood,
-- 2 city/district, 3 governorate, 4 country) and a parent must be another known location.
select
    r.*,
    r.parent_location_id is null
        or (r.parent_location_id <> r.location_id
            and r.parent_location_id in (select location_id from ref.locations)) as parent_ok,
    r.geo_precision = case r.location_type
        when 'site' then 1 when 'neighbourhood' then 1 when 'city' then 2 when 'district' then 2
        when 'governorate' then 3 when 'country' then 4 end as precision_ok
from ref.locations as r
