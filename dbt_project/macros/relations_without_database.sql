{#-
  DuckDB names a database file's catalog after the file's stem ("warehouse" for
  warehouse.duckdb).  dbt renders every ref()/source() as "catalog"."schema"."name", and a
  view stores that text: copy or rename the published file (marsad-2025-01.duckdb) and every
  staging / intermediate view fails with `Catalog "warehouse" does not exist`.
  These overrides render references as "schema"."name", which DuckDB resolves against
  whatever catalog the file is opened as.  The relations dbt creates (`this`) keep their
  full name, so nothing else changes.
-#}
{% macro ref() -%}
    {%- set version = kwargs.get('version') or kwargs.get('v') -%}
    {%- if varargs | length == 2 -%}
        {%- set relation = builtins.ref(varargs[0], varargs[1], version=version) -%}
    {%- else -%}
        {%- set relation = builtins.ref(varargs[0], version=version) -%}
    {%- endif -%}
    {%- do return(relation.include(database=false)) -%}
{%- endmacro %}

{% macro source(source_name, table_name) -%}
    {%- do return(builtins.source(source_name, table_name).include(database=false)) -%}
{%- endmacro %}
