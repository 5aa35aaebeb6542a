-- One row per alert metric x day x scope (all, each channel, each intent cluster): the day's value
-- and sample size, read from mart_agent_performance_daily (the metric definitions live there), and
-- whether the day is mature for that metric at as_of. Every scope gets a row on every day with any
-- contact, so a count that drops to zero is a zero, not a missing row (docs/decisions.md D-1001).
with daily as (
    select
        contact_date,
        channel,
        intent_cluster,
        {%- for metric in alert_metrics() %}
            {%- if metric.kind == 'rate' %}
                {{ metric.name }}_numerator,
                {{ metric.name }}_denominator{{ ',' if not loop.last }}
            {%- else %}
                {{ metric.name }}{{ ',' if not loop.last }}
            {%- endif %}
        {%- endfor %}
    from {{ ref('mart_agent_performance_daily') }}
    where channel = 'all' or intent_cluster = 'all'
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

scoped as (
    select
        daily.*,
        case
            when daily.channel = 'all' and daily.intent_cluster = 'all' then 'all'
            when daily.intent_cluster = 'all' then 'channel'
            else 'intent_cluster'
        end as scope_type,
        case
            when daily.channel = 'all' and daily.intent_cluster = 'all' then 'all'
            when daily.intent_cluster = 'all' then daily.channel
            else daily.intent_cluster
        end as scope_value
    from daily
),

days as (
    select distinct contact_date from scoped
),

scopes as (
    select distinct
        scope_type,
        scope_value
    from scoped
),

spine as (
    select
        days.contact_date,
        scopes.scope_type,
        scopes.scope_value
    from days
    cross join scopes
),

filled as (
    select
        spine.contact_date,
        spine.scope_type,
        spine.scope_value,
        {%- for metric in alert_metrics() %}
            {%- if metric.kind == 'rate' %}
                coalesce(scoped.{{ metric.name }}_numerator, 0) as {{ metric.name }}_numerator,
                coalesce(scoped.{{ metric.name }}_denominator, 0) as {{ metric.name }}_denominator{{ ',' if not loop.last }}
            {%- else %}
                coalesce(scoped.{{ metric.name }}, 0) as {{ metric.name }}{{ ',' if not loop.last }}
            {%- endif %}
        {%- endfor %}
    from spine
    left join scoped
        on
            spine.contact_date = scoped.contact_date
            and spine.scope_type = scoped.scope_type
            and spine.scope_value = scoped.scope_value
),

unpivoted as (
    {%- for metric in alert_metrics() %}
        select
            contact_date as metric_date,
            scope_type,
            scope_value,
            '{{ metric.name }}' as metric,
            '{{ metric.kind }}' as metric_kind,
            {%- if metric.kind == 'rate' %}
                {{ metric.name }}_numerator as numerator,
                {{ metric.name }}_denominator as denominator,
                case
                    when {{ metric.name }}_denominator > 0
                        then cast({{ metric.name }}_numerator as double) / {{ metric.name }}_denominator
                end as metric_value,
                {{ metric.name }}_denominator as n,
            {%- else %}
                {{ metric.name }} as numerator,
                cast(null as bigint) as denominator,
                cast({{ metric.name }} as double) as metric_value,
                {{ metric.name }} as n,
            {%- endif %}
            {{ maturity_hours(metric.maturity) }} as maturity_hours
        from filled
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        unpivoted.metric_date,
        unpivoted.scope_type,
        unpivoted.scope_value,
        unpivoted.metric,
        unpivoted.metric_kind,
        unpivoted.numerator,
        unpivoted.denominator,
        unpivoted.metric_value,
        unpivoted.n,
        {{ add_hours('cast(unpivoted.metric_date as timestamp)', '24 + unpivoted.maturity_hours') }} as matures_at,
        as_of.as_of >= {{ add_hours('cast(unpivoted.metric_date as timestamp)', '24 + unpivoted.maturity_hours') }} as is_mature
    from unpivoted
    cross join as_of
)

select * from final
