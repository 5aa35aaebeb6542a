{# Returns a select of the rows of `model` that fail any of `failures`, a list of [condition, label]
   (SQL that is true on a failing row, and the text that names it): one column, `label_column`, the
   labels of a row's failures joined by `separator`. The body of the generic tests not_null_columns
   and expressions_are_true: one query, and one dbt node, for all of a model's checks of one kind
   (docs/decisions.md D-1823, D-1824). #}
{% macro rows_failing_any(model, failures, label_column, separator) %}
    select
        concat_ws(
            '{{ separator }}',
            {%- for condition, label in failures %}
            case when {{ condition }} then '{{ dbt.escape_single_quotes(label) }}' end
            {{- ',' if not loop.last }}
            {%- endfor %}
        ) as {{ label_column }}
    from {{ model }}
    where
        {%- for condition, label in failures %}
        {{ 'or ' if not loop.first }}{{ condition }}
        {%- endfor %}
{% endmacro %}
