{# Returns the Monday (date) of the ISO week containing timestamp `ts`. #}
{% macro iso_week_start(ts) %}
    {{ return(adapter.dispatch('iso_week_start', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__iso_week_start(ts) %}
    cast(date_trunc('week', {{ ts }}) as date)
{% endmacro %}

{# Returns the first day (date) of the month containing timestamp `ts`. #}
{% macro month_start(ts) %}
    {{ return(adapter.dispatch('month_start', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__month_start(ts) %}
    cast(date_trunc('month', {{ ts }}) as date)
{% endmacro %}
