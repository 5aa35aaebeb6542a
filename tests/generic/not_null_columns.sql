{# Asserts that none of `columns` is null in any row of the model: one query, and one dbt node, for
   all of a model's required columns instead of one per column (docs/decisions.md D-1823). Each
   failing row names its null columns in null_columns. #}
{% test not_null_columns(model, columns) %}

    select
        concat_ws(
            ', ',
            {%- for column in columns %}
            case when {{ column }} is null then '{{ column }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ) as null_columns
    from {{ model }}
    where
        {%- for column in columns %}
        {{ 'or ' if not loop.first }}{{ column }} is null
        {%- endfor %}

{% endtest %}
