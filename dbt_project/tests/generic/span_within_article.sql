{#-
  A character span [char_start, char_end) lies inside its article:
  char_start >= 0, char_end > char_start, char_end <= the article's char_count.
  Rows whose article is missing from `articles`, or whose span is null, fail too.
-#}
{% test span_within_article(model, articles, article_id_column='article_id', char_start_column='char_start', char_end_column='char_end', char_count_column='char_count') %}

select
    facts.{{ article_id_column }} as fact_article_id,
    facts.{{ char_start_column }} as fact_char_start,
    facts.{{ char_end_column }} as fact_char_end,
    articles.{{ char_count_column }} as article_char_count
from {{ model }} as facts
left join {{ articles }} as articles
    on articles.article_id = facts.{{ article_id_column }}
where articles.article_id is null
   or facts.{{ char_start_column }} is null
   or facts.{{ char_end_column }} is null
   or facts.{{ char_start_column }} < 0
   or facts.{{ char_end_column }} <= facts.{{ char_start_column }}
   or facts.{{ char_end_column }} > articles.{{ char_count_column }}

{% endtest %}
