{# Splitting a window into hash buckets of its partitions (docs/decisions.md D-1816).
   window_buckets(): how many buckets a large window runs over: var window_buckets on DuckDB, whose
   window operator keeps its input in memory; 1 elsewhere (PostgreSQL and Spark spill windows).
   hash_bucket(expr, n): the bucket (0..n-1) of a partition key `expr`; equal keys, equal buckets. #}
{% macro window_buckets() %}
    {{ return(adapter.dispatch('window_buckets', 'support_truth')()) }}
{% endmacro %}

{% macro default__window_buckets() %}
    {{ return(1) }}
{% endmacro %}

{% macro duckdb__window_buckets() %}
    {{ return([var('window_buckets', 8) | int, 1] | max) }}
{% endmacro %}

{% macro hash_bucket(expr, n) %}
    {{ return(adapter.dispatch('hash_bucket', 'support_truth')(expr, n)) }}
{% endmacro %}

{% macro default__hash_bucket(expr, n) -%}
    mod(mod(hashtext({{ expr }}), {{ n }}) + {{ n }}, {{ n }})
{%- endmacro %}

{% macro duckdb__hash_bucket(expr, n) -%}
    hash({{ expr }}) % {{ n }}
{%- endmacro %}

{% macro spark__hash_bucket(expr, n) -%}
    pmod(hash({{ expr }}), {{ n }})
{%- endmacro %}
