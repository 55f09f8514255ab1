{#-
  A row-level SQL predicate holds for every row.  A null result counts as a failure, so
  write the expression to say what null means (e.g. `x is null or x > 0`).
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
