-- Provenance: every fact row that names a sentence names one the segmenter produced
-- (extract.sentences), and its span overlaps that sentence.
-- Returns the offending rows.

with

fact_sentences as (

    select 'fct_incident_reports' as fact, incident_id as row_key, article_id, sentence_index, char_start, char_end
    from {{ ref('fct_incident_reports') }}

    union all

    select 'fct_actor_mentions', mention_id, article_id, sentence_index, char_start, char_end
    from {{ ref('fct_actor_mentions') }}

    union all

    select 'fct_claims', claim_id, article_id, sentence_index, char_start, char_end
    from {{ ref('fct_claims') }}

)

select
    fact_sentences.*,
    sentences.char_start as sentence_char_start,
    sentences.char_end as sentence_char_end
from fact_sentences
left join {{ ref('stg_extract__sentences') }} as sentences
    on fact_sentences.article_id = sentences.article_id
    and fact_sentences.sentence_index = sentences.sentence_index
where sentences.article_id is null
   or fact_sentences.char_end <= sentences.char_start
   or fact_sentences.char_start >= sentences.char_end
