-- raw_articles: every article without its (large) text, plus what we can only learn from the text.
-- arabic_ratio = Arabic-script letters / all letters (Unicode category L*); 0 when there are no letters.
select
    a.* exclude (text),
    length(a.text) as text_length,
    length(a.text) > 0 as text_ok,
    a.char_count = length(a.text) as char_count_ok,
    length(regexp_replace(a.text, '[^\p{L}]', '', 'g')) as letters,
    length(regexp_replace(regexp_replace(a.text, '\p{Arabic}', '', 'g'), '[^\p{L}]', '', 'g')) as non_arabic_letters,
    coalesce((letters - non_arabic_letters) / nullif(letters, 0), 0.0) as arabic_ratio
from raw.articles as a
