{# Returns the hint that keeps an engine from materialising a CTE, written between `as` and its
   parenthesis: `name as {{ not_materialized() }} (`. DuckDB materialises a CTE that the query reads
   more than once, whole, before any filter or column choice of its readers applies: an import CTE
   of every staged message, read by an incremental run's scope and then by the rows of the scope,
   was copied in full on every run. Inlined, each reader's filter and columns reach the scan.
   Only for a cheap import (a scan, a filter, a projection), where reading it twice costs less than
   writing it once; an aggregate or a window stays materialised (docs/decisions.md D-1831).
   DuckDB only: PostgreSQL and Spark get nothing (not measured there; Spark inlines CTEs anyway).
   `inline` false gives nothing on every engine: a model's scope CTE, which holds every row in a full
   build and a few keys' rows in an incremental run, is inlined in the full build only,
   `scoped as {{ not_materialized(inline=not is_incremental()) }} (` (D-1837, D-1841). #}
{% macro not_materialized(inline=true) %}
    {{- return(adapter.dispatch('not_materialized', 'support_truth')() if inline else '') -}}
{% endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}


{# Returns the keyword that makes a CTE an optimisation fence where the planner would otherwise
   inline it ('materialized' on PostgreSQL, '' elsewhere). Use it where later steps repeat a column
   many times inside long formulas: PostgreSQL substitutes the whole expression for each use. #}
{% macro materialized_cte() %}
    {{- return(adapter.dispatch('materialized_cte', 'support_truth')()) -}}
{% endmacro %}

{% macro default__materialized_cte() %}{% endmacro %}

{% macro postgres__materialized_cte() %}materialized{% endmacro %}
