{# The reporting time zone (var reporting_time_zone, an IANA name such as 'Europe/Berlin'), checked
   to be a plain zone name so it can be written into SQL as a literal (docs/decisions.md D-2005). #}
{% macro reporting_time_zone() %}
    {%- set zone = var('reporting_time_zone', 'UTC') | string %}
    {%- if not modules.re.match('^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*$', zone) %}
        {{ exceptions.raise_compiler_error("var reporting_time_zone must be an IANA zone name, got '" ~ zone ~ "'") }}
    {%- endif %}
    {{- return(zone) }}
{% endmacro %}

{# True when the reporting time zone is UTC: the conversions are then the identity (no SQL added). #}
{% macro reporting_time_zone_is_utc() %}
    {{- return(support_truth.reporting_time_zone() | upper in ('UTC', 'ETC/UTC', 'Z')) }}
{% endmacro %}

{# Returns the wall-clock time in the reporting time zone (a timestamp without zone) of UTC
   timestamp `ts`. The identity when the zone is UTC, so the default build reads the column as is.
   Calendar buckets (local_date, iso_week_start, month_start, hour_of_week) go through it; instants
   (as_of, maturity, windows) never do. #}
{% macro to_reporting_time(ts) %}
    {%- if support_truth.reporting_time_zone_is_utc() -%}
        {{ ts }}
    {%- else -%}
        {{ return(adapter.dispatch('to_reporting_time', 'support_truth')(ts, reporting_time_zone())) }}
    {%- endif -%}
{% endmacro %}

{# DuckDB (ICU) and PostgreSQL: `at time zone 'UTC'` reads the plain timestamp as UTC (a timestamptz),
   `at time zone zone` gives its wall time there. #}
{% macro default__to_reporting_time(ts, zone) -%}
    cast((({{ ts }}) at time zone 'UTC') at time zone '{{ zone }}' as timestamp)
{%- endmacro %}

{# Spark: timestamps are UTC instants (spark.sql.session.timeZone UTC); from_utc_timestamp shifts to the zone. #}
{% macro spark__to_reporting_time(ts, zone) -%}
    from_utc_timestamp({{ ts }}, '{{ zone }}')
{%- endmacro %}

{# Returns the calendar date in the reporting time zone of UTC timestamp `ts`. #}
{% macro local_date(ts) -%}
    cast({{ support_truth.to_reporting_time(ts) }} as date)
{%- endmacro %}

{# Returns the UTC instant (a timestamp) of wall-clock time `local_ts` in the reporting time zone: the
   inverse of to_reporting_time, for the start or end of a local calendar bucket (a local midnight)
   compared with UTC instants such as as_of. The identity when the zone is UTC. #}
{% macro from_reporting_time(local_ts) %}
    {%- if support_truth.reporting_time_zone_is_utc() -%}
        {{ local_ts }}
    {%- else -%}
        {{ return(adapter.dispatch('from_reporting_time', 'support_truth')(local_ts, reporting_time_zone())) }}
    {%- endif -%}
{% endmacro %}

{% macro default__from_reporting_time(local_ts, zone) -%}
    cast((({{ local_ts }}) at time zone '{{ zone }}') at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro spark__from_reporting_time(local_ts, zone) -%}
    to_utc_timestamp({{ local_ts }}, '{{ zone }}')
{%- endmacro %}
