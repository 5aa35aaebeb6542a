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
