-- extract_incident_frames: evidence_text = text[char_start:char_end], the trigger sentence
-- exists, places are in the gazetteer, and a missing date has precision 'unknown'.
select
    f.*,
    a.article_id is not null as article_ok,
    0 <= f.char_start and f.char_start < f.char_end and f.char_end <= a.char_count as span_ok,
    span_ok and substring(a.text, f.char_start + 1, f.char_end - f.char_start) = f.evidence_text as evidence_ok,
    exists (select 1 from extract.sentences as s
            where s.article_id = f.article_id and s.sentence_index = f.sentence_index) as sentence_ok,
    f.location_id is null or f.location_id in (select location_id from ref.locations) as location_ok,
    f.launch_location_id is null
        or f.launch_location_id in (select location_id from ref.locations) as launch_location_ok,
    f.incident_date is not null or f.date_precision = 'unknown' as date_precision_ok
from extract.incident_frames as f
left join raw.articles as a on a.article_id = f.article_id
