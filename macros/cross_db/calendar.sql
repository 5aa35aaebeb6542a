{# Returns the ISO day of week of timestamp `ts` as an integer, 0 = Monday .. 6 = Sunday. #}
{% macro day_of_week_monday0(ts) %}
    {{ return(adapter.dispatch('day_of_week_monday0', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__day_of_week_monday0(ts) %}
    (cast(extract(isodow from {{ ts }}) as integer) - 1)
{% endmacro %}

{% macro spark__day_of_week_monday0(ts) %}
    ((dayofweek({{ ts }}) + 5) % 7)
{% endmacro %}

{# Returns the hour of day (0..23) of timestamp `ts` as an integer. #}
{% macro hour_of_day(ts) %}
    {{ return(adapter.dispatch('hour_of_day', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__hour_of_day(ts) %}
    cast(extract(hour from {{ ts }}) as integer)
{% endmacro %}

{# Returns the hour-of-week slot (0..167, Monday 00:00-00:59 = 0) of UTC timestamp `ts` in the reporting
   time zone (macro to_reporting_time). In a daylight-saving change week one local hour has no instant
   (spring) and one holds two UTC hours (autumn): slots are wall-clock hours, as staff schedules are. #}
{% macro hour_of_week(ts) %}
    {%- set local_ts = support_truth.to_reporting_time(ts) %}
    ({{ support_truth.day_of_week_monday0(local_ts) }} * 24 + {{ support_truth.hour_of_day(local_ts) }})
{% endmacro %}

{# Returns the whole days from date `start_date` to date `end_date` (an integer; negative when end is earlier). #}
{% macro days_between(start_date, end_date) %}
    {{ return(adapter.dispatch('days_between', 'support_truth')(start_date, end_date)) }}
{% endmacro %}

{% macro default__days_between(start_date, end_date) %}
    ({{ end_date }} - {{ start_date }})
{% endmacro %}

{% macro spark__days_between(start_date, end_date) %}
    datediff({{ end_date }}, {{ start_date }})
{% endmacro %}
