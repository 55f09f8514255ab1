{#-
  A range given as two columns is ordered: rows where both bounds are known and
  min_column > max_column fail.  A null bound ("at least five" -> 5 / null) passes.
-#}
{% test min_le_max(model, min_column, max_column) %}

select *
from {{ model }}
where {{ min_column }} is not null
  and {{ max_column }} is not null
  and {{ min_column }} > {{ max_column }}

{% endtest %}
