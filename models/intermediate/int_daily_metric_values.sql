-- One row per alert metric x day x scope (all, each channel, each intent cluster): the day's value
-- and sample size, read from mart_agent_performance_daily (the metric definitions live there), and
-- whether the day is mature for that metric at as_of. Every scope gets a row on every day with any
-- contact, so a count that drops to zero is a zero, not a missing row (docs/decisions.md D-1001).
{%- set metric_columns = [] -%}
{%- for metric in alert_metrics() -%}
    {%- if metric.kind == 'rate' -%}
        {%- do metric_columns.extend([metric.name ~ '_numerator', metric.name ~ '_denominator']) -%}
    {%- else -%}
        {%- do metric_columns.append(metric.name) -%}
    {%- endif -%}
{%- endfor %}

with daily as (
    select
        {%- for column in metric_columns %}
            {{ column }},
        {%- endfor %}
        contact_date,
        channel,
        intent_cluster
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
        {%- for column in metric_columns %}
            coalesce(scoped.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        spine.contact_date,
        spine.scope_type,
        spine.scope_value
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
                        then cast({{ metric.name }}_numerator as {{ type_double() }}) / {{ metric.name }}_denominator
                end as metric_value,
                {{ metric.name }}_denominator as n,
            {%- else %}
                {{ metric.name }} as numerator,
                cast(null as bigint) as denominator,
                cast({{ metric.name }} as {{ type_double() }}) as metric_value,
                {{ metric.name }} as n,
            {%- endif %}
            {{ maturity_hours(metric.maturity) }} as maturity_hours
        from filled
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

with_maturity as (
    select
        *,
        {{ add_hours('cast(metric_date as timestamp)', '24 + maturity_hours') }} as matures_at
    from unpivoted
),

final as (
    select
        with_maturity.metric_date,
        with_maturity.scope_type,
        with_maturity.scope_value,
        with_maturity.metric,
        with_maturity.metric_kind,
        with_maturity.numerator,
        with_maturity.denominator,
        with_maturity.metric_value,
        with_maturity.n,
        with_maturity.matures_at,
        as_of.as_of >= with_maturity.matures_at as is_mature
    from with_maturity
    cross join as_of
)

select * from final
