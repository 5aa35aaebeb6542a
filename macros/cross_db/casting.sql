{# Returns `expr` cast to `data_type`, or null when the cast fails (never an error). A double must be
   finite (NaN and infinity are null) and an integer must be whole ('4.5' is null, not 5). #}
{% macro safe_cast(expr, data_type) %}
    {{ return(adapter.dispatch('safe_cast', 'support_truth')(expr, data_type)) }}
{% endmacro %}

{% macro default__safe_cast(expr, data_type) %}
    {%- if data_type in ('double', 'float', 'real') -%}
    case when isfinite(try_cast({{ expr }} as double)) then try_cast({{ expr }} as {{ data_type }}) end
    {%- elif data_type in ('integer', 'bigint', 'smallint') -%}
    case
        when try_cast({{ expr }} as double) = try_cast({{ expr }} as bigint) then try_cast({{ expr }} as {{ data_type }})
    end
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

{# Returns an md5 hex digest of a text expression (stable across engines). #}
{% macro hash_text(expr) %}
    md5({{ expr }})
{% endmacro %}
