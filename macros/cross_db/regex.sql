{# Returns true when text `expr` matches regular expression `pattern` case-insensitively (null when expr is null). #}
{% macro regex_matches(expr, pattern) %}
    {{ return(adapter.dispatch('regex_matches', 'support_truth')(expr, pattern)) }}
{% endmacro %}

{% macro default__regex_matches(expr, pattern) %}
    regexp_matches({{ expr }}, '{{ pattern | replace("'", "''") }}', 'i')
{% endmacro %}

{% macro postgres__regex_matches(expr, pattern) %}
    ({{ expr }} ~* '{{ support_truth.postgres_regex(pattern) }}')
{% endmacro %}

{# Returns `condition and coalesce(regex_matches(expr, pattern), false)`, testing the pattern only
   where `condition` is true or null (docs/decisions.md D-1843). DuckDB evaluates every operand of an
   `and` in a select list on every row, so a pattern written beside its condition ran on every
   event; a `case` evaluates its branch only on the rows that reach it. #}
{% macro matches_where(condition, expr, pattern) -%}
    ({{ condition }} and case
        when coalesce({{ condition }}, true) then coalesce({{ support_truth.regex_matches(expr, pattern) }}, false)
        else false
    end)
{%- endmacro %}

{# Returns `expr` with every case-insensitive match of `pattern` replaced by `replacement`. #}
{% macro regex_replace_all(expr, pattern, replacement) %}
    {{ return(adapter.dispatch('regex_replace_all', 'support_truth')(expr, pattern, replacement)) }}
{% endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) %}
    regexp_replace({{ expr }}, '{{ pattern | replace("'", "''") }}', '{{ replacement }}', 'gi')
{% endmacro %}

{% macro postgres__regex_replace_all(expr, pattern, replacement) %}
    regexp_replace({{ expr }}, '{{ support_truth.postgres_regex(pattern) }}', '{{ replacement }}', 'gi')
{% endmacro %}

{# Returns capture group `group` of the first case-insensitive match of `pattern` in `expr` (null when no match). #}
{% macro regex_extract(expr, pattern, group) %}
    {{ return(adapter.dispatch('regex_extract', 'support_truth')(expr, pattern, group)) }}
{% endmacro %}

{% macro default__regex_extract(expr, pattern, group) %}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace("'", "''") }}', {{ group }}, 'i'), '')
{% endmacro %}

{% macro postgres__regex_extract(expr, pattern, group) %}
    {%- if group | int == 0 %}
    nullif((regexp_match({{ expr }}, '({{ support_truth.postgres_regex(pattern) }})', 'i'))[1], '')
    {%- else %}
    nullif((regexp_match({{ expr }}, '{{ support_truth.postgres_regex(pattern) }}', 'i'))[{{ group }}], '')
    {%- endif %}
{% endmacro %}

{# Returns an RE2 pattern as a PostgreSQL (ARE) pattern inside a SQL string literal: word boundary
   \b becomes \y (in ARE \b is a backspace), quotes doubled. #}
{% macro postgres_regex(pattern) -%}
    {{ pattern | replace('\\b', '\\y') | replace("'", "''") }}
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) %}
    ({{ expr }} rlike '{{ support_truth.spark_regex(pattern) }}')
{% endmacro %}

{% macro spark__regex_replace_all(expr, pattern, replacement) %}
    regexp_replace({{ expr }}, '{{ support_truth.spark_regex(pattern) }}', '{{ replacement }}')
{% endmacro %}

{% macro spark__regex_extract(expr, pattern, group) %}
    nullif(regexp_extract({{ expr }}, '{{ support_truth.spark_regex(pattern) }}', {{ group }}), '')
{% endmacro %}

{# Returns an RE2 pattern as a case-insensitive Java pattern inside a Spark SQL string literal
   (backslashes and quotes escaped: Spark literals read backslash escapes). #}
{% macro spark_regex(pattern) -%}
    (?i){{ pattern | replace('\\', '\\\\') | replace("'", "\\'") }}
{%- endmacro %}
