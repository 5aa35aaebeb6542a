{# Asserts that none of `columns` is null in any row of the model: one query, and one dbt node, for
   all of a model's required columns instead of one per column (docs/decisions.md D-1823). Each
   failing row names its null columns in null_columns. #}
{% test not_null_columns(model, columns) %}
    {%- set failures = [] -%}
    {%- for column in columns -%}
        {%- do failures.append([column ~ ' is null', column]) -%}
    {%- endfor %}
    {{ support_truth.rows_failing_any(model, failures, 'null_columns', ', ') }}
{% endtest %}
