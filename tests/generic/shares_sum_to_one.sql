{#- Asserts that `share_column` sums to 1 (within 1e-9) over the rows of each group of `group_by`
    columns (a distribution split over rows). Returns the groups whose shares do not. -#}
{% test shares_sum_to_one(model, share_column, group_by) %}

    select
        {{ group_by | join(', ') }},
        sum({{ share_column }}) as share_total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having abs(sum({{ share_column }}) - 1) > 1e-9

{% endtest %}
