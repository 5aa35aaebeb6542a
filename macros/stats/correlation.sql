{# Returns the Pearson correlation of numeric `x` and `y` over the group's rows where both are
   non-null (an aggregate); null when fewer than 2 such rows or either has zero variance. #}
{% macro correlation(x, y) %}
    {{ return(adapter.dispatch('correlation', 'support_truth')(x, y)) }}
{% endmacro %}

{# PostgreSQL and Spark 3+ already return null for a zero variance or a single pair. #}
{% macro default__correlation(x, y) %}
    corr({{ x }}, {{ y }})
{% endmacro %}

{# DuckDB returns NaN for a zero variance or a single pair: turn it into null. #}
{% macro duckdb__correlation(x, y) %}
    case when not isnan(corr({{ x }}, {{ y }})) then corr({{ x }}, {{ y }}) end
{% endmacro %}
