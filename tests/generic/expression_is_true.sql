{# Asserts that boolean SQL `expression` (prefixed by the column, for a column test) is true on every row; false or null fails. #}
{% test expression_is_true(model, expression, column_name=none) %}

    select *
    from {{ model }}
    where not coalesce(({{ column_name ~ ' ' if column_name else '' }}{{ expression }}), false)

{% endtest %}
