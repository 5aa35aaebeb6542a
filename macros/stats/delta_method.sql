{#- Delta-method building blocks for ratio metrics randomised by unit (docs/decisions.md D-1901, D-1902).
    A ratio metric R = sum(y) / sum(x) over units (customers) has the linearisation
    l_i = (y_i - R x_i) / mean(x); var(R) = sum(l_i^2) / (N (N - 1)) (sum(l_i) = 0 by construction),
    and CUPED's covariate is the same linearisation of the pre-period ratio. -#}

{# Returns sum over units of (a_i - ratio_a b_i) (c_i - ratio_c d_i) from the unit-level sums of products
   sum(a c), sum(a d), sum(b c), sum(b d): the bilinear co-moment of two linearised ratios, before
   dividing by their mean denominators. #}
{% macro linearised_comoment(sum_ac, sum_ad, sum_bc, sum_bd, ratio_a, ratio_c) -%}
    ({{ sum_ac }} - {{ ratio_c }} * {{ sum_ad }} - {{ ratio_a }} * {{ sum_bc }}
    + {{ ratio_a }} * {{ ratio_c }} * {{ sum_bd }})
{%- endmacro %}

{# Returns the SQL predicate "CUPED applies to this experiment" from var experiment_cuped: true (every
   experiment, the default), false (none) or a list of experiment keys. #}
{% macro experiment_cuped_applies(experiment_key) -%}
    {%- set cuped = var('experiment_cuped', true) -%}
    {%- if cuped is string -%}{%- set cuped = cuped | lower == 'true' -%}{%- endif -%}
    {%- if cuped is sameas true -%}
        true
    {%- elif cuped is sameas false or not cuped -%}
        false
    {%- else -%}
        {{ experiment_key }} in ('{{ cuped | join("', '") }}')
    {%- endif -%}
{%- endmacro %}

{# Returns the planned end of the experiment from var experiment_planned_end_at ({key: 'YYYY-MM-DD
   HH:MM:SS'}), null where none is planned (the fixed horizon is then the last exposure, D-1903). #}
{% macro experiment_planned_end(experiment_key) -%}
    {%- set planned = var('experiment_planned_end_at', {}) -%}
    {%- if planned -%}
        case {{ experiment_key }}
        {%- for key, ends_at in planned.items() %}
            when '{{ key }}' then cast('{{ ends_at }}' as {{ dbt.type_timestamp() }})
        {%- endfor %}
        end
    {%- else -%}
        cast(null as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{# Returns p-value `p` as display text with 4 decimals, '< 0.0001' below that (never a bare 0). #}
{% macro p_value_text(p) -%}
    case
        when {{ p }} is null then null
        when {{ p }} < 0.0001 then '< 0.0001'
        when {{ p }} >= 0.99995 then '1.0000'
        else '0.' || lpad(cast(cast(round({{ p }} * 10000) as bigint) as {{ text_type() }}), 4, '0')
    end
{%- endmacro %}
