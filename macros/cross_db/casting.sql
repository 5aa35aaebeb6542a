{# Returns `expr` cast to `data_type`, or null when the cast fails (never an error). #}
{% macro safe_cast(expr, data_type) %}
    {{ return(adapter.dispatch('safe_cast', 'support_truth')(expr, data_type)) }}
{% endmacro %}

{% macro default__safe_cast(expr, data_type) %}
    try_cast({{ expr }} as {{ data_type }})
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

{# Returns double `expr` rounded to `places` decimal places, as a double. #}
{% macro round_to(expr, places) %}
    {{ return(adapter.dispatch('round_to', 'support_truth')(expr, places)) }}
{% endmacro %}

{% macro default__round_to(expr, places) %}
    round({{ expr }}, {{ places }})
{% endmacro %}

{# PostgreSQL rounds to decimal places only on numeric. #}
{% macro postgres__round_to(expr, places) %}
    cast(round(cast({{ expr }} as numeric), {{ places }}) as double precision)
{% endmacro %}
