{#- Asserts, for each rate built by rate_columns(name, ...): 0 <= numerator <= denominator,
    rate = numerator / denominator, and 0 <= lower <= rate <= upper <= 1. Returns offending rows. -#}
{% test rate_bundles_are_consistent(model, rates) %}
select *
from {{ model }}
where
{%- for r in rates %}
    {{ r }}_numerator < 0
    or {{ r }}_numerator > {{ r }}_denominator
    or ({{ r }}_denominator > 0 and abs({{ r }} - cast({{ r }}_numerator as {{ type_double() }}) / {{ r }}_denominator) > 1e-9)
    or ({{ r }}_denominator = 0 and {{ r }} is not null)
    or {{ r }}_lower < -1e-12
    or {{ r }}_upper > 1 + 1e-12
    or {{ r }}_lower > {{ r }} + 1e-12
    or {{ r }} > {{ r }}_upper + 1e-12
    or ({{ r }}_is_low_sample <> ({{ r }}_denominator < {{ var('min_sample_size') }}))
    {%- if not loop.last %} or{% endif %}
{%- endfor %}
{% endtest %}
