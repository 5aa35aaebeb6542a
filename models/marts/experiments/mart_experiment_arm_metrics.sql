-- One row per experiment x arm x experiment metric: the arm's customers and contacts, and the
-- metric's n, successes (rates) or sample variance (means). Randomisation unit = customer:
-- anonymous contacts are left out, and customers seen in more than one arm of an experiment are
-- left out and counted (docs/decisions.md D-1007, D-1008). Metric definitions: macro
-- experiment_metrics over fct_contacts' rate flags, each rate's population and success decided once
-- on the contact fact (n = population, successes = population and success; D-1705).
with contacts as (
    select
        contact_id,
        customer_id,
        experiment_key,
        experiment_variant,
        started_at,
        {%- for column in metric_flag_columns() %}
            {{ column }},
        {%- endfor %}
        csat_score,
        resolution_seconds
    from {{ ref('fct_contacts') }}
    where experiment_key is not null and experiment_variant is not null and customer_id is not null
),

costs as (
    select
        contact_id,
        total_cost_usd
    from {{ ref('fct_contact_costs') }}
),

customer_arms as (
    select
        experiment_key,
        customer_id,
        count(distinct experiment_variant) as variants
    from contacts
    group by experiment_key, customer_id
),

experiments as (
    select
        contacts.experiment_key,
        min(contacts.started_at) as first_exposure_at,
        max(contacts.started_at) as last_exposure_at,
        count(
            distinct case when customer_arms.variants > 1 then contacts.customer_id end
        ) as excluded_multi_arm_customers
    from contacts
    inner join customer_arms
        on contacts.experiment_key = customer_arms.experiment_key and contacts.customer_id = customer_arms.customer_id
    group by contacts.experiment_key
),

exposures as (
    select
        contacts.*,
        costs.total_cost_usd
    from contacts
    inner join customer_arms
        on contacts.experiment_key = customer_arms.experiment_key and contacts.customer_id = customer_arms.customer_id
    left join costs on contacts.contact_id = costs.contact_id
    where customer_arms.variants = 1
),

arms as (
    select
        experiment_key,
        experiment_variant,
        count(distinct customer_id) as customers,
        count(*) as contacts
    from exposures
    group by experiment_key, experiment_variant
),

arm_metrics as (
    {%- for metric in experiment_metrics() %}
        select
            experiment_key,
            experiment_variant,
            '{{ metric.name }}' as metric,
            '{{ metric.kind }}' as metric_kind,
            {{ 'true' if metric.higher_is_better else 'false' }} as higher_is_better,
            {{ maturity_hours(metric.maturity) }} as maturity_hours,
            {%- if metric.kind == 'rate' %}
                {%- set population = count_if(metric.population) %}
                {%- set successes = count_if('(' ~ metric.population ~ ') and (' ~ metric.success ~ ')') %}
                {{ population }} as n,
                cast({{ successes }} as {{ type_double() }}) as successes,
                case
                    when {{ population }} > 0
                        then cast({{ successes }} as {{ type_double() }}) / {{ population }}
                end as metric_value,
                cast(null as {{ type_double() }}) as sample_variance
            {%- else %}
                count({{ metric.value }}) as n,
                cast(null as {{ type_double() }}) as successes,
                avg(cast({{ metric.value }} as {{ type_double() }})) as metric_value,
                var_samp(cast({{ metric.value }} as {{ type_double() }})) as sample_variance
            {%- endif %}
        from exposures
        group by experiment_key, experiment_variant
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        arm_metrics.experiment_key,
        arm_metrics.experiment_variant,
        arm_metrics.metric,
        arm_metrics.metric_kind,
        arm_metrics.higher_is_better,
        arm_metrics.maturity_hours,
        arms.customers,
        arms.contacts,
        arm_metrics.n,
        arm_metrics.successes,
        arm_metrics.metric_value,
        arm_metrics.sample_variance,
        experiments.first_exposure_at,
        experiments.last_exposure_at,
        experiments.excluded_multi_arm_customers
    from arm_metrics
    inner join arms
        on arm_metrics.experiment_key = arms.experiment_key and arm_metrics.experiment_variant = arms.experiment_variant
    inner join experiments on arm_metrics.experiment_key = experiments.experiment_key
)

select * from final
