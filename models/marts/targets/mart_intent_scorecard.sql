-- Every headline metric per intent cluster (plus `all`) over the whole period against the
-- targets seed (tier-1 human, AI target, best in class, direction). Metric values come from the
-- same macro as the performance marts (performance_metric_columns over int_contact_performance),
-- and downstream action / context lost from the weekly counts of their marts, so no formula is
-- written twice. Status: the best threshold met, a value exactly on a threshold meets it.
-- docs/decisions.md D-613, D-614.
{%- set recontact_suffix = recontact_default_suffix() %}
{#- metric name in the targets seed -> (source CTE, column of the rate bundle or value) -#}
{%- set metrics = [
    ('deflection_rate', 'performance', 'deflection_rate', true),
    ('containment_rate', 'performance', 'containment_rate', true),
    ('true_resolution_rate', 'performance', 'true_resolution_rate', true),
    ('automation_rate', 'performance', 'automation_rate', true),
    ('escalation_rate', 'performance', 'escalation_rate', true),
    ('abandonment_rate', 'performance', 'abandonment_rate', true),
    ('recontact_rate_' ~ recontact_suffix, 'performance', 'recontact_rate_' ~ recontact_suffix, true),
    ('fcr_rate_' ~ recontact_suffix, 'performance', 'fcr_rate_' ~ recontact_suffix, true),
    ('csat_top2box', 'performance', 'csat_top2box_rate', true),
    ('ces_share_easy', 'performance', 'ces_share_easy', true),
    ('policy_compliance_score', 'performance', 'policy_compliance_score', true),
    ('first_response_seconds_p50', 'performance', 'first_response_seconds_p50', false),
    ('resolution_seconds_p50', 'performance', 'resolution_seconds_p50', false),
    ('cost_per_resolution_usd', 'performance', 'ai_cost_per_resolution_usd', false),
    ('downstream_action_rate', 'downstream', 'downstream_action_rate', true),
    ('context_lost_rate', 'context', 'context_lost_rate', true),
] %}
with contacts as (
    select
        {%- for column in performance_input_columns() %}
            {{ column }},
        {%- endfor %}
        intent_cluster
    from {{ ref('int_contact_performance') }}
),

targets as (
    select
        metric,
        tier1_human,
        ai_target,
        best_in_class,
        direction
    from {{ ref('metric_targets') }}
),

downstream_weeks as (
    select
        intent_cluster,
        action_taken_rate_numerator,
        action_taken_rate_denominator
    from {{ ref('mart_downstream_action') }}
    where action_key = 'all'
),

escalation_weeks as (
    select
        intent_cluster,
        context_lost_rate_numerator,
        context_lost_rate_denominator
    from {{ ref('mart_escalation_quality') }}
),

performance as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        {{ performance_metric_columns() }}
    from contacts
    group by cube(intent_cluster)
),

downstream_totals as (
    select
        intent_cluster,
        {{ sum_count('action_taken_rate_numerator') }} as taken,
        {{ sum_count('action_taken_rate_denominator') }} as eligible
    from downstream_weeks
    group by intent_cluster
),

downstream as (
    select
        intent_cluster,
        {{ rate_columns('downstream_action_rate', 'taken', 'eligible') }}
    from downstream_totals
),

context_totals as (
    select
        intent_cluster,
        {{ sum_count('context_lost_rate_numerator') }} as lost,
        {{ sum_count('context_lost_rate_denominator') }} as escalations
    from escalation_weeks
    group by intent_cluster
),

context as (
    select
        intent_cluster,
        {{ rate_columns('context_lost_rate', 'lost', 'escalations') }}
    from context_totals
),

scopes as (
    select intent_cluster from performance
),

metric_values as (
    {%- for metric, source, column, is_rate in metrics %}
        select
            scopes.intent_cluster,
            '{{ metric }}' as metric,
            {{ source }}.{{ column }} as current_value,
            {%- if is_rate %}
                {{ source }}.{{ column }}_numerator as numerator,
                {{ source }}.{{ column }}_denominator as denominator,
                {{ source }}.{{ column }}_lower as lower_95,
                {{ source }}.{{ column }}_upper as upper_95,
                coalesce({{ source }}.{{ column }}_is_low_sample, true) as is_low_sample
            {%- else %}
                cast(null as bigint) as numerator,
                cast(null as bigint) as denominator,
                cast(null as {{ dbt.type_float() }}) as lower_95,
                cast(null as {{ dbt.type_float() }}) as upper_95,
                coalesce(performance.contacts, 0) < {{ var('min_sample_size') }} as is_low_sample
            {%- endif %}
        from scopes
        left join performance on scopes.intent_cluster = performance.intent_cluster
        {%- if source != 'performance' %}
            left join {{ source }} on scopes.intent_cluster = {{ source }}.intent_cluster
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

scored as (
    select
        scopes.intent_cluster,
        targets.metric,
        metric_values.metric is not null as is_measured,
        metric_values.current_value,
        metric_values.numerator,
        metric_values.denominator,
        metric_values.lower_95,
        metric_values.upper_95,
        coalesce(metric_values.is_low_sample, true) as is_low_sample,
        targets.direction,
        targets.tier1_human,
        targets.ai_target,
        targets.best_in_class
    from targets
    cross join scopes
    left join metric_values
        on
            targets.metric = metric_values.metric
            and scopes.intent_cluster = metric_values.intent_cluster
),

compared as (
    select
        intent_cluster,
        metric,
        is_measured,
        current_value,
        numerator,
        denominator,
        lower_95,
        upper_95,
        is_low_sample,
        direction,
        tier1_human,
        ai_target,
        best_in_class,
        {%- for threshold in ['tier1_human', 'ai_target', 'best_in_class'] %}
            case
                when current_value is null or {{ threshold }} is null then null
                when direction = 'higher' then current_value >= {{ threshold }}
                else current_value <= {{ threshold }}
            end as meets_{{ threshold }},
        {%- endfor %}
        case
            when direction = 'higher' then current_value - ai_target
            else ai_target - current_value
        end as gap_to_ai_target
    from scored
),

final as (
    select
        intent_cluster,
        metric,
        is_measured,
        current_value,
        numerator,
        denominator,
        lower_95,
        upper_95,
        is_low_sample,
        direction,
        tier1_human,
        ai_target,
        best_in_class,
        meets_tier1_human,
        meets_ai_target,
        meets_best_in_class,
        gap_to_ai_target,
        case
            when not is_measured then 'not_measured'
            when current_value is null then 'no_data'
            when meets_best_in_class then 'best_in_class'
            when meets_ai_target then 'meets_ai_target'
            when meets_tier1_human then 'meets_tier1'
            when tier1_human is not null then 'below_tier1'
            else 'below_ai_target'
        end as status
    from compared
)

select * from final
