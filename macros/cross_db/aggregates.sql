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

{% macro postgres__percentile_cont(expr, p) %}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{% endmacro %}

{# Spark's percentile is exact, with the same linear interpolation as quantile_cont. #}
{% macro spark__percentile_cont(expr, p) %}
    percentile({{ expr }}, {{ p }})
{% endmacro %}
