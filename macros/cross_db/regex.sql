{# Returns true when text `expr` matches regular expression `pattern` case-insensitively (null when expr is null). #}
{% macro regex_matches(expr, pattern) %}
    {{ return(adapter.dispatch('regex_matches', 'support_truth')(expr, pattern)) }}
{% endmacro %}

{% macro default__regex_matches(expr, pattern) %}
    regexp_matches({{ expr }}, '{{ pattern | replace("'", "''") }}', 'i')
{% endmacro %}

{# Returns `expr` with every case-insensitive match of `pattern` replaced by `replacement`. #}
{% macro regex_replace_all(expr, pattern, replacement) %}
    {{ return(adapter.dispatch('regex_replace_all', 'support_truth')(expr, pattern, replacement)) }}
{% endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) %}
    regexp_replace({{ expr }}, '{{ pattern | replace("'", "''") }}', '{{ replacement }}', 'gi')
{% endmacro %}

{# Returns capture group `group` of the first case-insensitive match of `pattern` in `expr` (null when no match). #}
{% macro regex_extract(expr, pattern, group) %}
    {{ return(adapter.dispatch('regex_extract', 'support_truth')(expr, pattern, group)) }}
{% endmacro %}

{% macro default__regex_extract(expr, pattern, group) %}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace("'", "''") }}', {{ group }}, 'i'), '')
{% endmacro %}
