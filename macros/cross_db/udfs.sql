{#
  Helper functions some engines need to parse untrusted text without raising. They are created
  by the project's on-run-start hook in the target schema, before any model or test runs.
  PostgreSQL has no try_cast: a PL/pgSQL function with an exception handler returns null instead
  of failing the statement. DuckDB and Spark need none.
#}

{# Returns the SQL statement(s) that create the engine's helper functions ('' when it needs none). #}
{% macro create_udfs() %}
    {{ return(adapter.dispatch('create_udfs', 'support_truth')()) }}
{% endmacro %}

{% macro default__create_udfs() %}{% endmacro %}

{% macro postgres__create_udfs() %}
    create schema if not exists {{ support_truth.udf_schema() }};

    create or replace function {{ support_truth.udf_schema() }}.parse_timestamp_utc(value text)
    returns timestamp language plpgsql immutable set timezone to 'UTC' as $fn$
    begin
        -- ISO-8601 only: PostgreSQL would also accept words such as 'now' or 'yesterday'.
        if value !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]|\s*$)' then
            return null;
        end if;
        return cast(value as timestamptz) at time zone 'UTC';
    exception when others then
        return null;
    end
    $fn$;

    create or replace function {{ support_truth.udf_schema() }}.parse_date(value text)
    returns date language plpgsql immutable set timezone to 'UTC' as $fn$
    begin
        -- The calendar day as written (a timestamp's own date part), as DuckDB reads it.
        if value !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]|\s*$)' then
            return null;
        end if;
        return cast(value as date);
    exception when others then
        return null;
    end
    $fn$;

    create or replace function {{ support_truth.udf_schema() }}.is_json_object(value text)
    returns boolean language plpgsql immutable as $fn$
    begin
        return jsonb_typeof(cast(value as jsonb)) = 'object';
    exception when others then
        return false;
    end
    $fn$;

    create or replace function {{ support_truth.udf_schema() }}.json_get_text(value text, key text)
    returns text language plpgsql immutable as $fn$
    begin
        return cast(value as jsonb) ->> key;
    exception when others then
        return null;
    end
    $fn$;
{% endmacro %}

{# Returns the schema that holds the project's helper functions on engines that need them. #}
{% macro udf_schema() %}{{ target.schema }}_udf{% endmacro %}
