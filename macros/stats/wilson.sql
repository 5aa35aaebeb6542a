{# Returns the lower bound of the Wilson score interval for k successes in n trials (null when n = 0). #}
{% macro wilson_lower(k, n, z=1.959963984540054) %}
    case
        when ({{ n }}) > 0 then
            (
                (cast({{ k }} as {{ type_double() }}) / ({{ n }})) + {{ z }} * {{ z }} / (2.0 * ({{ n }}))
                - {{ z }} * sqrt(
                    (cast({{ k }} as {{ type_double() }}) / ({{ n }})) * (1 - cast({{ k }} as {{ type_double() }}) / ({{ n }})) / ({{ n }})
                    + {{ z }} * {{ z }} / (4.0 * ({{ n }}) * ({{ n }}))
                )
            ) / (1 + {{ z }} * {{ z }} / ({{ n }}))
    end
{% endmacro %}

{# Returns the upper bound of the Wilson score interval for k successes in n trials (null when n = 0). #}
{% macro wilson_upper(k, n, z=1.959963984540054) %}
    case
        when ({{ n }}) > 0 then
            (
                (cast({{ k }} as {{ type_double() }}) / ({{ n }})) + {{ z }} * {{ z }} / (2.0 * ({{ n }}))
                + {{ z }} * sqrt(
                    (cast({{ k }} as {{ type_double() }}) / ({{ n }})) * (1 - cast({{ k }} as {{ type_double() }}) / ({{ n }})) / ({{ n }})
                    + {{ z }} * {{ z }} / (4.0 * ({{ n }}) * ({{ n }}))
                )
            ) / (1 + {{ z }} * {{ z }} / ({{ n }}))
    end
{% endmacro %}

{# Returns the select-list columns of one rate from aggregate numerator and denominator
   expressions: <name>_numerator, <name>_denominator, <name> (null when the denominator is 0),
   <name>_lower / <name>_upper (Wilson 95%), <name>_is_low_sample (denominator < min_sample_size). #}
{% macro rate_columns(name, numerator, denominator) %}
        {{ numerator }} as {{ name }}_numerator,
        {{ denominator }} as {{ name }}_denominator,
        case when {{ denominator }} > 0 then cast({{ numerator }} as {{ type_double() }}) / {{ denominator }} end as {{ name }},
        {{ support_truth.wilson_lower(numerator, denominator) }} as {{ name }}_lower,
        {{ support_truth.wilson_upper(numerator, denominator) }} as {{ name }}_upper,
        {{ denominator }} < {{ var('min_sample_size') }} as {{ name }}_is_low_sample
{%- endmacro %}

{# Returns the count of rows where boolean `condition` is true as a bigint (an aggregate; 0, not null,
   over no rows). #}
{% macro count_if(condition) -%}
    cast(coalesce(sum(case when {{ condition }} then 1 else 0 end), 0) as bigint)
{%- endmacro %}

{# Returns the sum of integer count expression `expr` as a bigint (an aggregate, or a window function when
   `over` is given); DuckDB would widen it to hugeint and PostgreSQL to numeric, and the marts' contracts
   say bigint on every engine. #}
{% macro sum_count(expr, over=none) -%}
    cast(sum({{ expr }}){% if over %} over ({{ over }}){% endif %} as bigint)
{%- endmacro %}
