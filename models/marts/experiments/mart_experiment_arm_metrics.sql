-- One row per experiment x arm x experiment metric: the arm's customers and contacts, the metric's
-- contact-level n, successes (rates) or sample variance (means), and the customer-level sums the
-- delta method and CUPED need (docs/decisions.md D-1901..D-1904). Every metric is a ratio of
-- per-customer sums: y = the customer's successes (rates) or sum of values (means), x = the
-- customer's population contacts (rates) or contacts with a value (means); pre_y / pre_x are the
-- same over the customer's contacts in the experiment_cuped_pre_days before their first exposure.
-- Randomisation unit = customer: anonymous contacts are left out, and customers seen in more than
-- one arm of an experiment are left out and counted (D-1007, D-1008). Metric definitions: macro
-- experiment_metrics over fct_contacts' rate flags (D-1705).
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
    where customer_id is not null
),

costs as (
    select
        contact_id,
        total_cost_usd
    from {{ ref('fct_contact_costs') }}
),

experiment_contacts as (
    select * from contacts
    where experiment_key is not null and experiment_variant is not null
),

customer_arms as (
    select
        experiment_key,
        customer_id,
        count(distinct experiment_variant) as variants,
        min(experiment_variant) as experiment_variant,
        min(started_at) as first_exposure_at
    from experiment_contacts
    group by experiment_key, customer_id
),

experiments as (
    select
        experiment_contacts.experiment_key,
        min(experiment_contacts.started_at) as first_exposure_at,
        max(experiment_contacts.started_at) as last_exposure_at,
        count(
            distinct case when customer_arms.variants > 1 then experiment_contacts.customer_id end
        ) as excluded_multi_arm_customers
    from experiment_contacts
    inner join customer_arms
        on
            experiment_contacts.experiment_key = customer_arms.experiment_key
            and experiment_contacts.customer_id = customer_arms.customer_id
    group by experiment_contacts.experiment_key
),

-- Exposed contacts (is_pre false) and each customer's contacts in the pre-exposure window (is_pre
-- true, any experiment or none): the covariate of CUPED is the same metric before exposure.
periods as (
    select
        customer_arms.experiment_key,
        customer_arms.experiment_variant,
        customer_arms.customer_id,
        coalesce(contacts.experiment_key = customer_arms.experiment_key, false) as is_exposed,
        contacts.contact_id,
        {%- for column in metric_flag_columns() %}
            contacts.{{ column }},
        {%- endfor %}
        contacts.csat_score,
        contacts.resolution_seconds,
        costs.total_cost_usd
    from customer_arms
    inner join contacts
        on
            customer_arms.customer_id = contacts.customer_id
            and (
                contacts.experiment_key = customer_arms.experiment_key
                or (
                    contacts.started_at < customer_arms.first_exposure_at
                    and contacts.started_at >= {{ add_hours(
                        'customer_arms.first_exposure_at', -24 * var('experiment_cuped_pre_days', 28)) }}
                )
            )
    left join costs on contacts.contact_id = costs.contact_id
    where customer_arms.variants = 1
),

customer_metrics as (
    {%- for metric in experiment_metrics() %}
        {%- if metric.kind == 'rate' %}
            {%- set present = metric.population %}
            {%- set value = 'case when ' ~ metric.success ~ ' then 1.0 else 0.0 end' %}
        {%- else %}
            {%- set present = metric.value ~ ' is not null' %}
            {%- set value = as_double(metric.value) %}
        {%- endif %}
        select
            experiment_key,
            experiment_variant,
            customer_id,
            '{{ metric.name }}' as metric,
            '{{ metric.kind }}' as metric_kind,
            {{ 'true' if metric.higher_is_better else 'false' }} as higher_is_better,
            {{ maturity_hours(metric.maturity) }} as maturity_hours,
            {{ count_if('is_exposed') }} as contacts,
            coalesce(sum(case when is_exposed and ({{ present }}) then {{ value }} end), 0.0) as y,
            {{ count_if('is_exposed and (' ~ present ~ ')') }} as x,
            coalesce(sum(case when is_exposed and ({{ present }}) then {{ value }} * {{ value }} end), 0.0)
                as contact_value_squares,
            coalesce(sum(case when not is_exposed and ({{ present }}) then {{ value }} end), 0.0) as pre_y,
            {{ count_if('not is_exposed and (' ~ present ~ ')') }} as pre_x
        from periods
        group by experiment_key, experiment_variant, customer_id
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

arm_metrics as (
    select
        experiment_key,
        experiment_variant,
        metric,
        metric_kind,
        higher_is_better,
        maturity_hours,
        count(*) as customers,
        {{ sum_count('contacts') }} as contacts,
        {{ sum_count('x') }} as n,
        {{ as_double('sum(y)') }} as sum_y,
        {{ as_double('sum(x)') }} as sum_x,
        {{ as_double('sum(y * y)') }} as sum_yy,
        {{ as_double('sum(x * x)') }} as sum_xx,
        {{ as_double('sum(y * x)') }} as sum_xy,
        {{ as_double('sum(pre_y)') }} as sum_pre_y,
        {{ as_double('sum(pre_x)') }} as sum_pre_x,
        {{ as_double('sum(pre_y * pre_y)') }} as sum_pre_yy,
        {{ as_double('sum(pre_x * pre_x)') }} as sum_pre_xx,
        {{ as_double('sum(pre_y * pre_x)') }} as sum_pre_xy,
        {{ as_double('sum(y * pre_y)') }} as sum_y_pre_y,
        {{ as_double('sum(y * pre_x)') }} as sum_y_pre_x,
        {{ as_double('sum(x * pre_y)') }} as sum_x_pre_y,
        {{ as_double('sum(x * pre_x)') }} as sum_x_pre_x,
        {{ count_if('pre_x > 0') }} as customers_with_pre,
        {{ as_double('sum(contact_value_squares)') }} as sum_contact_value_squares
    from customer_metrics
    group by experiment_key, experiment_variant, metric, metric_kind, higher_is_better, maturity_hours
),

final as (
    select
        arm_metrics.experiment_key,
        arm_metrics.experiment_variant,
        arm_metrics.metric,
        arm_metrics.metric_kind,
        arm_metrics.higher_is_better,
        arm_metrics.maturity_hours,
        arm_metrics.customers,
        arm_metrics.contacts,
        arm_metrics.n,
        case when arm_metrics.metric_kind = 'rate' then arm_metrics.sum_y end as successes,
        case when arm_metrics.n > 0 then arm_metrics.sum_y / arm_metrics.n end as metric_value,
        -- Contact-level sample variance of the values (means), for the naive test only.
        case
            when arm_metrics.metric_kind = 'mean' and arm_metrics.n > 1
                then
                    (arm_metrics.sum_contact_value_squares - arm_metrics.sum_y * arm_metrics.sum_y / arm_metrics.n)
                    / (arm_metrics.n - 1)
        end as sample_variance,
        arm_metrics.sum_y,
        arm_metrics.sum_x,
        arm_metrics.sum_yy,
        arm_metrics.sum_xx,
        arm_metrics.sum_xy,
        arm_metrics.customers_with_pre,
        arm_metrics.sum_pre_y,
        arm_metrics.sum_pre_x,
        arm_metrics.sum_pre_yy,
        arm_metrics.sum_pre_xx,
        arm_metrics.sum_pre_xy,
        arm_metrics.sum_y_pre_y,
        arm_metrics.sum_y_pre_x,
        arm_metrics.sum_x_pre_y,
        arm_metrics.sum_x_pre_x,
        experiments.first_exposure_at,
        experiments.last_exposure_at,
        experiments.excluded_multi_arm_customers
    from arm_metrics
    inner join experiments on arm_metrics.experiment_key = experiments.experiment_key
)

select * from final
