{# Asserts that every boolean SQL expression in `expressions` is true on every row of the model
   (false or null fails): one query, and one dbt node, for all of a model's row rules instead of one
   expression_is_true per rule (docs/decisions.md D-1824). Each failing row names the expressions it
   breaks in failed_expressions. #}
{% test expressions_are_true(model, expressions) %}

    select
        concat_ws(
            '; ',
            {%- for expression in expressions %}
            case when not coalesce(({{ expression }}), false) then '{{ dbt.escape_single_quotes(expression) }}' end
            {{- ',' if not loop.last }}
            {%- endfor %}
        ) as failed_expressions
    from {{ model }}
    where
        {%- for expression in expressions %}
        {{ 'or ' if not loop.first }}not coalesce(({{ expression }}), false)
        {%- endfor %}

{% endtest %}
