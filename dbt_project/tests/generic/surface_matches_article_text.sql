{#-
  The tested column holds exactly the article text at [char_start, char_end)
  (Python's text[char_start:char_end]).  DuckDB's substring is 1-based and counts
  code points, like Python str indexing: substring(text, char_start + 1, char_end - char_start).
  Null values of the column are not tested; a missing article fails.
-#}
{% test surface_matches_article_text(model, column_name, articles, text_column='article_text', article_id_column='article_id', char_start_column='char_start', char_end_column='char_end') %}

select
    facts.{{ article_id_column }} as fact_article_id,
    facts.{{ char_start_column }} as fact_char_start,
    facts.{{ char_end_column }} as fact_char_end,
    facts.{{ column_name }} as recorded_text,
    substring(
        articles.{{ text_column }},
        facts.{{ char_start_column }} + 1,
        facts.{{ char_end_column }} - facts.{{ char_start_column }}
    ) as article_text_at_span
from {{ model }} as facts
left join {{ articles }} as articles
    on articles.article_id = facts.{{ article_id_column }}
where facts.{{ column_name }} is not null
  and substring(
        articles.{{ text_column }},
        facts.{{ char_start_column }} + 1,
        facts.{{ char_end_column }} - facts.{{ char_start_column }}
      ) is distinct from facts.{{ column_name }}

{% endtest %}
