{#
  Incremental builds (docs/decisions.md "Incremental builds and scheduling", D-1501..).
  A scheduled load appends raw rows; every row carries _loaded_at (arrival). An incremental model
  re-selects what the new arrivals can change and replaces it with delete+insert on its key:
    - incremental_materialization(): 'incremental' on DuckDB and PostgreSQL, 'table' elsewhere
      (an engine without delete+insert builds the same rows in full);
    - incremental_since(where): the watermark, the latest _loaded_at already in the model (of its
      rows matching the optional SQL condition `where`) minus var incremental_lookback_hours (a
      subquery on {{ this }}; only inside is_incremental());
    - arrived_since(column, where): true for a row that arrived after that watermark, for a row
      without _loaded_at and for every row while the model is empty (first incremental run).
#}
{% macro incremental_materialization() %}
    {{ return('incremental' if target.type in ('duckdb', 'postgres') else 'table') }}
{% endmacro %}

{% macro incremental_since(where=none) %}
    (select {{ support_truth.add_hours('max(_loaded_at)', -1 * var('incremental_lookback_hours')) }} from {{ this }}
    {%- if where %} where {{ where }}{% endif %})
{%- endmacro %}

{% macro arrived_since(loaded_at_column, where=none) %}
    coalesce({{ loaded_at_column }} > {{ support_truth.incremental_since(where) }}, true)
{%- endmacro %}
