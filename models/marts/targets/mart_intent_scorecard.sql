-- Every headline metric per intent cluster (plus `all`) over the whole period against the
-- targets seed (tier-1 human, AI target, best in class, direction, source). Metric values come from
-- the same macro as the performance marts (performance_metric_columns over performance_contacts),
-- downstream action / context lost from the weekly counts of their marts and resolution confidence
-- from mart_resolution_confidence, so no formula is written twice. Status: the best threshold met,
-- a value exactly on a threshold meets it. docs/decisions.md D-613, D-614, D-1701.
{#- metric name in the targets seed = the column it is compared with, in CTE `cte`. A rate is a
    rate_columns bundle; any other value has `sample` (a count column of the same CTE) for its low-sample
    flag. -#}
{%- set metrics = [
    {'metric': 'deflection_rate', 'cte': 'performance'},
    {'metric': 'containment_rate', 'cte': 'performance'},
    {'metric': 'autonomous_resolution_rate', 'cte': 'performance'},
    {'metric': 'true_resolution_rate', 'cte': 'performance'},
    {'metric': 'automation_rate', 'cte': 'performance'},
    {'metric': 'escalation_rate', 'cte': 'performance'},
    {'metric': 'abandonment_rate', 'cte': 'performance'},
    {'metric': 'recontact_rate', 'cte': 'performance'},
    {'metric': 'fcr_rate', 'cte': 'performance'},
    {'metric': 'csat_top2box_rate', 'cte': 'performance'},
    {'metric': 'ces_share_easy', 'cte': 'performance'},
    {'metric': 'policy_compliance_score', 'cte': 'performance'},
    {'metric': 'csat_mean', 'cte': 'performance', 'sample': 'csat_responses'},
    {'metric': 'turns_mean', 'cte': 'performance', 'sample': 'contacts'},
    {'metric': 'first_response_seconds_p50', 'cte': 'performance', 'sample': 'contacts'},
    {'metric': 'resolution_seconds_p50', 'cte': 'performance', 'sample': 'contacts'},
    {'metric': 'ai_cost_per_resolution_usd', 'cte': 'performance', 'sample': 'contacts'},
    {'metric': 'downstream_action_rate', 'cte': 'downstream'},
    {'metric': 'context_lost_rate', 'cte': 'context'},
    {'metric': 'mean_resolution_confidence', 'cte': 'confidence', 'sample': 'scored_contacts'},
] %}
with contacts as (
    {{ performance_contacts(['intent_cluster']) }}
),

targets as (
    select
        metric,
        tier1_human,
        ai_target,
        best_in_class,
        direction,
        source as target_source
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

confidence as (
    select
        intent_cluster,
        mean_resolution_confidence,
        scored_contacts
    from {{ ref('mart_resolution_confidence') }}
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

-- The scopes of performance (the same grouping), without its aggregates: it is read five times.
scopes as (
    select coalesce(intent_cluster, 'all') as intent_cluster
    from contacts
    group by cube(intent_cluster)
),

-- One row per scope and metric of the seed. The metrics of one CTE are unpivoted in one select (a
-- case per column), so each CTE is read once: a select per metric made Spark plan the performance
-- aggregate once per metric (D-2112).
metric_names as (
    {%- for m in metrics %}
        select
            '{{ m.cte }}' as source_cte,
            '{{ m.metric }}' as metric
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

metric_values as (
    {%- for cte in metrics | map(attribute='cte') | unique %}
        {%- set group = metrics | selectattr('cte', 'equalto', cte) | list %}
        {%- set rates = group | rejectattr('sample', 'defined') | list %}
        select
            scopes.intent_cluster,
            metric_names.metric,
            case metric_names.metric
                {%- for m in group %}
                    when '{{ m.metric }}' then {{ cte }}.{{ m.metric }}
                {%- endfor %}
            end as current_value,
            {%- for part, alias, data_type in [
                ('numerator', 'numerator', 'bigint'), ('denominator', 'denominator', 'bigint'),
                ('lower', 'lower_95', type_double()), ('upper', 'upper_95', type_double())] %}
                {%- if rates %}
                    case metric_names.metric
                        {%- for m in rates %}
                            when '{{ m.metric }}' then {{ cte }}.{{ m.metric }}_{{ part }}
                        {%- endfor %}
                    end as {{ alias }},
                {%- else %}
                    cast(null as {{ data_type }}) as {{ alias }},
                {%- endif %}
            {%- endfor %}
            case metric_names.metric
                {%- for m in group %}
                    {%- if 'sample' not in m %}
                        when '{{ m.metric }}' then coalesce({{ cte }}.{{ m.metric }}_is_low_sample, true)
                    {%- else %}
                        when '{{ m.metric }}' then coalesce({{ cte }}.{{ m.sample }}, 0) < {{ var('min_sample_size') }}
                    {%- endif %}
                {%- endfor %}
            end as is_low_sample
        from scopes
        cross join metric_names
        left join {{ cte }} on scopes.intent_cluster = {{ cte }}.intent_cluster
        where metric_names.source_cte = '{{ cte }}'
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
        targets.target_source,
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
        scored.*,
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
        target_source,
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
