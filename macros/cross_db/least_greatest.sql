{# Returns the smallest non-null value of the given expressions (null when all are null). #}
{% macro least_of(exprs) %}
    {{ return(adapter.dispatch('least_of', 'support_truth')(exprs)) }}
{% endmacro %}

{% macro default__least_of(exprs) %}
    least({{ exprs | join(', ') }})
{% endmacro %}

{# Returns the largest non-null value of the given expressions (null when all are null). #}
{% macro greatest_of(exprs) %}
    {{ return(adapter.dispatch('greatest_of', 'support_truth')(exprs)) }}
{% endmacro %}

{% macro default__greatest_of(exprs) %}
    greatest({{ exprs | join(', ') }})
{% endmacro %}
