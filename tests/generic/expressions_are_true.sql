{# Asserts that every boolean SQL expression in `expressions` is true on every row of the model
   (false or null fails): one query, and one dbt node, for all of a model's row rules instead of one
   expression_is_true per rule (docs/decisions.md D-1824). Each failing row names the expressions it
   breaks in failed_expressions. #}
{% test expressions_are_true(model, expressions) %}
    {%- set failures = [] -%}
    {%- for expression in expressions -%}
        {%- do failures.append(['not coalesce((' ~ expression ~ '), false)', expression]) -%}
    {%- endfor %}
    {{ support_truth.rows_failing_any(model, failures, 'failed_expressions', '; ') }}
{% endtest %}
