{# Returns the Pearson correlation of numeric `x` and `y` over the group's rows where both are
   non-null (an aggregate), rounded to 12 decimal places with round_to() so that every engine gives
   the same value (their summation orders differ in the last bits: 0 on one, 5.6e-17 on another,
   -5.6e-17 on a third run); null when fewer than 2 such rows or either has zero variance. #}
{% macro correlation(x, y) %}
    {{ return(adapter.dispatch('correlation', 'support_truth')(x, y)) }}
{% endmacro %}

{# PostgreSQL and Spark 3+ already return null for a zero variance or a single pair. #}
{% macro default__correlation(x, y) %}
    {{ round_to('corr(' ~ x ~ ', ' ~ y ~ ')', 12) }}
{% endmacro %}

{# DuckDB returns NaN for a zero variance or a single pair: turn it into null. #}
{% macro duckdb__correlation(x, y) %}
    {%- set r = 'corr(' ~ x ~ ', ' ~ y ~ ')' %}
    case when not isnan({{ r }}) then {{ round_to(r, 12) }} end
{% endmacro %}
