{# Returns true when any value of boolean `expr` in the group is true (false for an all-false or empty-but-null group). #}
{% macro bool_or_agg(expr) %}
    coalesce(max(case when {{ expr }} then 1 else 0 end) = 1, false)
{% endmacro %}

{# Returns true when every non-null value of boolean `expr` in the group is true (true for an empty group). #}
{% macro bool_and_agg(expr) %}
    coalesce(min(case when {{ expr }} then 1 else 0 end) = 1, true)
{% endmacro %}

{# Returns the continuous percentile `p` (0..1) of numeric `expr` in the group. #}
{% macro percentile_cont(expr, p) %}
    {{ return(adapter.dispatch('percentile_cont', 'support_truth')(expr, p)) }}
{% endmacro %}

{% macro default__percentile_cont(expr, p) %}
    quantile_cont({{ expr }}, {{ p }})
{% endmacro %}

{# DuckDB keeps a quantile's values outside its buffer pool: memory that memory_limit does not count
   and that never spills (on `large`, 30-45 MB per quantile of fct_contacts' rows in each of the four
   groupings of an agent-performance mart). The percentiles the marts report, 0.5 and 0.95, are
   therefore both taken from one list-valued quantile_cont of the expression: DuckDB binds the
   identical aggregate once per select, so a p50 and a p95 share one copy of the values. The same
   interpolation gives the same values (docs/decisions.md D-1835). #}
{% macro duckdb__percentile_cont(expr, p) %}
    {%- set shared = [0.5, 0.95] -%}
    {%- if p in shared %}
    quantile_cont({{ expr }}, [{{ shared | join(', ') }}])[{{ shared.index(p) + 1 }}]
    {%- else -%}
    {{ support_truth.default__percentile_cont(expr, p) }}
    {%- endif -%}
{% endmacro %}

{% macro postgres__percentile_cont(expr, p) %}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{% endmacro %}

{# Spark's percentile is exact, with the same linear interpolation as quantile_cont. #}
{% macro spark__percentile_cont(expr, p) %}
    percentile({{ expr }}, {{ p }})
{% endmacro %}
