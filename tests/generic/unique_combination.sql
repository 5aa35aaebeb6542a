{# Asserts that no two rows of the model share the same values in all of `columns` (a composite key;
   nulls compare equal, as in a group by). The rows: macro unique_combination_rows. #}
{% test unique_combination(model, columns) %}
    {{ adapter.dispatch('unique_combination_rows', 'support_truth')(model, columns) }}
{% endtest %}
