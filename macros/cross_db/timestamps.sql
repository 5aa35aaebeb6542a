{# Returns a UTC `timestamp` parsed from ISO-8601 text (offset, `Z` or none = UTC), null when unparseable. #}
{% macro parse_timestamp_utc(expr) %}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'support_truth')(expr)) }}
{% endmacro %}

{% macro default__parse_timestamp_utc(expr) %}
    cast(try_cast({{ expr }} as timestamptz) at time zone 'UTC' as timestamp)
{% endmacro %}

{# DuckDB parses text to timestamptz through ICU, one value at a time (about 8x the plain cast). A
   value shaped exactly YYYY-MM-DDTHH:MM:SS (or with a space) has no room for an offset or zone, so
   the plain cast gives the same instant; anything else takes the timestamptz path (D-1605). #}
{% macro duckdb__parse_timestamp_utc(expr) %}
    coalesce(
        case
            when {{ expr }} like '____-__-__T__:__:__' or {{ expr }} like '____-__-__ __:__:__'
                then try_cast({{ expr }} as timestamp)
        end,
        cast(try_cast({{ expr }} as timestamptz) at time zone 'UTC' as timestamp)
    )
{% endmacro %}

{% macro postgres__parse_timestamp_utc(expr) %}
    {{ support_truth.udf_schema() }}.parse_timestamp_utc({{ expr }})
{% endmacro %}

{# Returns a `date` parsed from ISO-8601 text (a date, or a timestamp: its own calendar date), null when
   unparseable. Longer text must parse as a whole timestamp: DuckDB's date cast alone would read
   '2026-01-10 garbage' as 2026-01-10. #}
{% macro parse_date(expr) %}
    {{ return(adapter.dispatch('parse_date', 'support_truth')(expr)) }}
{% endmacro %}

{% macro default__parse_date(expr) %}
    case
        when length({{ expr }}) <= 10 or {{ support_truth.parse_timestamp_utc(expr) }} is not null
            then try_cast({{ expr }} as date)
    end
{% endmacro %}

{% macro postgres__parse_date(expr) %}
    {{ support_truth.udf_schema() }}.parse_date({{ expr }})
{% endmacro %}

{# Returns the number of seconds since the Unix epoch of a timestamp, as a double. #}
{% macro epoch_seconds(ts) %}
    {{ return(adapter.dispatch('epoch_seconds', 'support_truth')(ts)) }}
{% endmacro %}

{% macro default__epoch_seconds(ts) %}
    epoch({{ ts }})
{% endmacro %}

{% macro postgres__epoch_seconds(ts) %}
    cast(extract(epoch from {{ ts }}) as double precision)
{% endmacro %}

{# Returns the seconds from timestamp `start_ts` to timestamp `end_ts` (double, from epoch seconds). #}
{% macro seconds_between(start_ts, end_ts) %}
    ({{ support_truth.epoch_seconds(end_ts) }} - {{ support_truth.epoch_seconds(start_ts) }})
{% endmacro %}

{# Returns timestamp `ts` plus `hours` hours (hours may be a column or a number). #}
{% macro add_hours(ts, hours) %}
    {{ return(adapter.dispatch('add_hours', 'support_truth')(ts, hours)) }}
{% endmacro %}

{% macro default__add_hours(ts, hours) %}
    ({{ ts }} + to_seconds(cast(({{ hours }}) * 3600 as bigint)))
{% endmacro %}

{% macro postgres__add_hours(ts, hours) %}
    ({{ ts }} + cast(({{ hours }}) * 3600 as bigint) * interval '1 second')
{% endmacro %}

{# Returns a timestamp literal for a text value such as '2026-03-01 00:00:00'. #}
{% macro timestamp_literal(value) %}
    cast('{{ value }}' as timestamp)
{% endmacro %}

{# Spark's cast reads more than ISO-8601 ('2026', '2026-01'): require a full date first, like
   PostgreSQL's helper. Offset-less text is UTC (spark.sql.session.timeZone). #}
{% macro spark__parse_timestamp_utc(expr) %}
    case
        when {{ expr }} rlike '^\\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]|\\s*$)'
            then try_cast({{ expr }} as timestamp)
    end
{% endmacro %}

{% macro spark__parse_date(expr) %}
    case
        when length({{ expr }}) <= 10 or {{ support_truth.parse_timestamp_utc(expr) }} is not null
            then try_cast({{ expr }} as date)
    end
{% endmacro %}

{% macro spark__epoch_seconds(ts) %}
    (cast(unix_micros({{ ts }}) as double) / 1000000)
{% endmacro %}

{% macro spark__add_hours(ts, hours) %}
    timestampadd(second, cast(({{ hours }}) * 3600 as bigint), {{ ts }})
{% endmacro %}
