{# Returns true when text `expr` is a valid JSON object, false otherwise (never an error). #}
{% macro is_json_object(expr) %}
    {{ return(adapter.dispatch('is_json_object', 'support_truth')(expr)) }}
{% endmacro %}

{% macro default__is_json_object(expr) %}
    {#- json_type() would raise on invalid input even behind a CASE, so test the first character. #}
    coalesce(json_valid({{ expr }}) and left(ltrim({{ expr }}), 1) = '{', false)
{% endmacro %}

{% macro postgres__is_json_object(expr) %}
    {{ support_truth.udf_schema() }}.is_json_object({{ expr }})
{% endmacro %}

{# Returns the value at top-level key `key` of JSON object text `expr` as text (null if absent). #}
{% macro json_get_text(expr, key) %}
    {{ return(adapter.dispatch('json_get_text', 'support_truth')(expr, key)) }}
{% endmacro %}

{% macro default__json_get_text(expr, key) %}
    {#- try_cast: DuckDB may evaluate the extraction on rows a filter removed, so never raise. -#}
    json_extract_string(try_cast({{ expr }} as json), '$.{{ key }}')
{% endmacro %}

{% macro postgres__json_get_text(expr, key) %}
    {{ support_truth.udf_schema() }}.json_get_text({{ expr }}, '{{ key }}')
{% endmacro %}

{# Several top-level keys of one JSON object text, parsed once (docs/decisions.md D-1815):
   json_get_texts(expr, keys) is a value to select once (e.g. `as attribute_texts` in a CTE), and
   json_text_at(column, keys, key) then reads one key from that column, as json_get_text would.
   DuckDB: one list of texts from one parse (json_get_text per key parsed the text twice per key:
   the cast to json, then the extraction). Elsewhere the value is the text itself and json_text_at
   is json_get_text. #}
{% macro json_get_texts(expr, keys) %}
    {{ return(adapter.dispatch('json_get_texts', 'support_truth')(expr, keys)) }}
{% endmacro %}

{% macro default__json_get_texts(expr, keys) %}
    {{- expr -}}
{% endmacro %}

{% macro duckdb__json_get_texts(expr, keys) %}
    {#- try_cast: DuckDB may evaluate the extraction on rows a filter removed, so never raise. -#}
    json_extract_string(try_cast({{ expr }} as json), [{% for key in keys %}'$.{{ key }}'{{ ", " if not loop.last }}{% endfor %}])
{% endmacro %}

{% macro json_text_at(column, keys, key) %}
    {{ return(adapter.dispatch('json_text_at', 'support_truth')(column, keys, key)) }}
{% endmacro %}

{% macro default__json_text_at(column, keys, key) %}
    {{- support_truth.json_get_text(column, key) -}}
{% endmacro %}

{% macro duckdb__json_text_at(column, keys, key) %}
    {%- if key not in keys -%}
        {{ exceptions.raise_compiler_error("json_text_at: " ~ key ~ " is not one of the keys " ~ keys | join(", ")) }}
    {%- endif -%}
    {{ column }}[{{ keys.index(key) + 1 }}]
{% endmacro %}

{# Returns JSON object text {key: value of the SQL expression} for a dict of key -> expression. #}
{% macro json_object_from_exprs(exprs) %}
    {{ return(adapter.dispatch('json_object_from_exprs', 'support_truth')(exprs)) }}
{% endmacro %}

{% macro default__json_object_from_exprs(exprs) %}
    cast(json_object({% for k, e in exprs.items() %}'{{ k }}', {{ e }}{{ ", " if not loop.last }}{% endfor %}) as varchar)
{% endmacro %}

{% macro postgres__json_object_from_exprs(exprs) %}
    cast(json_build_object({% for k, e in exprs.items() %}'{{ k }}', {{ e }}{{ ", " if not loop.last }}{% endfor %}) as text)
{% endmacro %}

{# Spark: get_json_object returns null for text that is not JSON; '$' of an object is the object. #}
{% macro spark__is_json_object(expr) %}
    coalesce(get_json_object({{ expr }}, '$') is not null and left(ltrim({{ expr }}), 1) = '{', false)
{% endmacro %}

{% macro spark__json_get_text(expr, key) %}
    get_json_object({{ expr }}, '$.{{ key }}')
{% endmacro %}

{# Null values are kept as JSON nulls (spark.sql.jsonGenerator.ignoreNullFields = false in profiles.yml). #}
{% macro spark__json_object_from_exprs(exprs) %}
    to_json(named_struct({% for k, e in exprs.items() %}'{{ k }}', {{ e }}{{ ", " if not loop.last }}{% endfor %}))
{% endmacro %}
