{# Returns the Monday (date) of the ISO week, in the reporting time zone (macro to_reporting_time), containing
   UTC timestamp `ts`. #}
{% macro iso_week_start(ts) %}
    {{ return(adapter.dispatch('iso_week_start', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__iso_week_start(ts) %}
    cast(date_trunc('week', {{ support_truth.to_reporting_time(ts) }}) as date)
{% endmacro %}

{# Returns the first day (date) of the month, in the reporting time zone, containing UTC timestamp `ts`. #}
{% macro month_start(ts) %}
    {{ return(adapter.dispatch('month_start', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__month_start(ts) %}
    cast(date_trunc('month', {{ support_truth.to_reporting_time(ts) }}) as date)
{% endmacro %}
