{# Returns `expr` cast to `data_type`, or null when the cast fails (never an error). #}
{% macro parse_text_as(expr, data_type) %}
    {{ return(adapter.dispatch('parse_text_as', 'support_truth')(expr, data_type)) }}
{% endmacro %}

{% macro default__parse_text_as(expr, data_type) %}
    {%- if data_type | lower in ('integer', 'bigint', 'double') -%}
        case when {{ support_truth.is_number_text(expr, data_type) }}
            then try_cast(trim({{ expr }}) as {{ support_truth.sql_type(data_type) }}) end
    {%- else -%}
        try_cast({{ expr }} as {{ data_type }})
    {%- endif -%}
{% endmacro %}

{# Returns true when text `expr` contains U+FFFD, the replacement character the loader writes for a
   byte sequence that is not UTF-8 (false for null). #}
{% macro has_replacement_char(expr) %}
    {{ return(adapter.dispatch('has_replacement_char', 'support_truth')(expr)) }}
{% endmacro %}

{% macro default__has_replacement_char(expr) %}
    coalesce(strpos({{ expr }}, chr(65533)) > 0, false)
{% endmacro %}

{% macro postgres__parse_text_as(expr, data_type) %}
    {%- if data_type | lower in ('integer', 'bigint', 'double') -%}
        case when {{ support_truth.is_number_text(expr, data_type) }}
            then cast(trim({{ expr }}) as {{ support_truth.sql_type(data_type) }}) end
    {%- else -%}
        {{ exceptions.raise_compiler_error("parse_text_as: no PostgreSQL implementation for type " ~ data_type) }}
    {%- endif -%}
{% endmacro %}

{# Returns true when text `expr` is a plain decimal number that fits `data_type` (integer: up to 9
   digits, bigint: up to 18, double: up to 20 + 20 digits with an optional 2-digit exponent); the same on
   every engine and never out of range, so '1.5' is not an integer, and 'nan', 'inf' and hex are not numbers. #}
{% macro is_number_text(expr, data_type) -%}
    {%- set t = data_type | lower -%}
    {%- if t == 'double' -%}
        {%- set pattern = '^\\s*[+-]?([0-9]{1,20}([.][0-9]{0,20})?|[.][0-9]{1,20})([eE][+-]?[0-9]{1,2})?\\s*$' -%}
    {%- else -%}
        {%- set pattern = '^\\s*[+-]?[0-9]{1,' ~ (9 if t == 'integer' else 18) ~ '}\\s*$' -%}
    {%- endif -%}
    coalesce({{ support_truth.regex_matches(expr, pattern) }}, false)
{%- endmacro %}

{# Returns this engine's name of a project type name (double, integer, bigint, varchar, ...). #}
{% macro sql_type(data_type) %}
    {{ return(adapter.dispatch('sql_type', 'support_truth')(data_type)) }}
{% endmacro %}

{% macro default__sql_type(data_type) %}{{ data_type }}{% endmacro %}

{% macro postgres__sql_type(data_type) -%}
    {{ {'double': 'double precision', 'varchar': 'text'}.get(data_type | lower, data_type) }}
{%- endmacro %}

{# Returns this engine's 64-bit floating point type name. #}
{% macro type_double() %}{{ support_truth.sql_type('double') }}{% endmacro %}

{# Returns SQL expression `expr` cast to a 64-bit float (so that division is never integer division). #}
{% macro as_double(expr) %}cast({{ expr }} as {{ type_double() }}){% endmacro %}

{# Returns a boolean from text true/false, 1/0, t/f, yes/no, y/n (any case); null otherwise. #}
{% macro parse_boolean(expr) %}
    case
        when lower({{ expr }}) in ('true', '1', 't', 'yes', 'y') then true
        when lower({{ expr }}) in ('false', '0', 'f', 'no', 'n') then false
    end
{% endmacro %}

{# Returns the SQL type name this engine uses for text. #}
{% macro text_type() %}
    {{ return(adapter.dispatch('text_type', 'support_truth')()) }}
{% endmacro %}

{% macro default__text_type() %}varchar{% endmacro %}

{% macro postgres__text_type() %}text{% endmacro %}

{# Returns an md5 hex digest of a text expression (stable across engines). #}
{% macro hash_text(expr) %}
    md5({{ expr }})
{% endmacro %}

{# Returns double `expr` rounded to `places` decimal places, as a double (never -0.0). #}
{% macro round_to(expr, places) %}
    {{ return(adapter.dispatch('round_to', 'support_truth')(expr, places)) }}
{% endmacro %}

{# DuckDB rounds -5.6e-17 to -0.0, which dbt's unit-test diff and BI tools show as "-0.0":
   adding 0.0 turns it into 0.0 (IEEE -0.0 + 0.0 = 0.0) and leaves every other value alone. #}
{% macro default__round_to(expr, places) %}
    (round({{ expr }}, {{ places }}) + 0.0)
{% endmacro %}

{# PostgreSQL rounds to decimal places only on numeric. #}
{% macro postgres__round_to(expr, places) %}
    cast(round(cast({{ expr }} as numeric), {{ places }}) as double precision)
{% endmacro %}

{# Spark: try_cast (null on failure whatever spark.sql.ansi.enabled says). #}
{% macro spark__parse_text_as(expr, data_type) %}
    {%- if data_type | lower in ('integer', 'bigint', 'double') -%}
        case when {{ support_truth.is_number_text(expr, data_type) }}
            then try_cast(trim({{ expr }}) as {{ support_truth.sql_type(data_type) }}) end
    {%- else -%}
        try_cast({{ expr }} as {{ support_truth.sql_type(data_type) }})
    {%- endif -%}
{% endmacro %}

{# Spark's chr() takes a byte: write U+FFFD as a unicode escape. #}
{% macro spark__has_replacement_char(expr) %}
    coalesce(instr({{ expr }}, '\uFFFD') > 0, false)
{% endmacro %}

{% macro spark__sql_type(data_type) -%}
    {{ {'double precision': 'double', 'varchar': 'string', 'text': 'string'}.get(data_type | lower | trim, data_type) }}
{%- endmacro %}

{% macro spark__text_type() %}string{% endmacro %}

{# Returns `expr` as text with leading and trailing spaces removed, null when nothing is left. #}
{% macro trimmed_text(expr) %}
    {{ return(adapter.dispatch('trimmed_text', 'support_truth')(expr)) }}
{% endmacro %}

{% macro default__trimmed_text(expr) %}
    nullif(trim(cast({{ expr }} as {{ support_truth.text_type() }})), '')
{% endmacro %}

{# DuckDB's trim() decodes every character (it removes all Unicode space separators, and of ASCII
   only the space); a value with nothing to remove is returned as it is (docs/decisions.md D-1605):
   its first character is printable ASCII other than the space (so it is not empty), it is all ASCII
   (as many bytes as characters) and it does not end with a space. Those three tests read the bytes
   once; reading the last character (`x[-1]`, D-1606) decoded the whole value again and cost twice as
   much (D-1828). tests/python/test_trimmed_text.py holds it to `nullif(trim(x), '')`. #}
{% macro duckdb__trimmed_text(expr) %}
    {%- set text = 'cast(' ~ expr ~ ' as varchar)' -%}
    case
        when ascii({{ text }}) between 33 and 126 and not suffix({{ text }}, ' ') and strlen({{ text }}) = length({{ text }})
            then {{ text }}
        else nullif(trim({{ text }}), '')
    end
{% endmacro %}
