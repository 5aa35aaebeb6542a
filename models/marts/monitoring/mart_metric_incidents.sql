-- One row per incident: a run of breaching days (mart_metric_alerts) of one metric and scope. It opens on
-- its first breaching day and closes on the alert_incident_close_days-th evaluated day in a row whose value
-- is back inside its limits (evaluated: mature, n >= alert_min_daily_n; immature and suppressed days neither
-- extend nor close it), or at a known change point (a new regime starts a new baseline). Fewer clear days
-- between two breaches keep them in one incident (docs/decisions.md D-1912).
with evaluated as (
    select
        daily_values.metric_date,
        daily_values.metric,
        daily_values.scope_type,
        daily_values.scope_value,
        daily_values.metric_kind,
        coalesce(daily_values.regime_start, cast('1900-01-01' as date)) as regime_start,
        alerts.metric_date is not null as is_breach,
        alerts.severity,
        alerts.direction,
        alerts.metric_value,
        alerts.expected_value,
        alerts.z_score
    from {{ ref('mart_metric_daily_values') }} as daily_values
    left join {{ ref('mart_metric_alerts') }} as alerts
        on
            daily_values.metric_date = alerts.metric_date
            and daily_values.metric = alerts.metric
            and daily_values.scope_type = alerts.scope_type
            and daily_values.scope_value = alerts.scope_value
    where daily_values.is_mature and daily_values.n >= {{ var('alert_min_daily_n') }}
),

counted as (
    select
        *,
        -- In-limit evaluated days so far: the difference between two days counts the clear days between them.
        sum(case when is_breach then 0 else 1 end) over (
            partition by metric, scope_type, scope_value order by metric_date rows unbounded preceding
        ) as clear_days_so_far
    from evaluated
),

breaches as (
    select
        *,
        lag(clear_days_so_far) over (
            partition by metric, scope_type, scope_value order by metric_date
        ) as previous_clear_days_so_far,
        lag(regime_start) over (
            partition by metric, scope_type, scope_value order by metric_date
        ) as previous_regime_start
    from counted
    where is_breach
),

numbered as (
    select
        *,
        sum(
            case
                when
                    previous_clear_days_so_far is null
                    or clear_days_so_far - previous_clear_days_so_far >= {{ var('alert_incident_close_days') }}
                    or regime_start != previous_regime_start
                    then 1
                else 0
            end
        ) over (
            partition by metric, scope_type, scope_value order by metric_date rows unbounded preceding
        ) as incident_number
    from breaches
),

ranked as (
    select
        *,
        -- The worst day: largest |z| (a breach without a standard error, zero variance, first).
        row_number() over (
            partition by metric, scope_type, scope_value, incident_number
            order by case when z_score is null then 1 else 0 end desc, abs(z_score) desc, metric_date
        ) as worst_rank
    from numbered
),

incidents as (
    select
        metric,
        scope_type,
        scope_value,
        incident_number,
        min(metric_kind) as metric_kind,
        min(metric_date) as first_day,
        max(metric_date) as last_day,
        count(*) as breach_days,
        max(clear_days_so_far) as clear_days_at_last_day,
        min(regime_start) as regime_start,
        min(case severity when 'critical' then 1 when 'warning' then 2 else 3 end) as severity_rank,
        max(case when worst_rank = 1 then direction end) as direction,
        max(case when worst_rank = 1 then metric_value end) as worst_value,
        max(case when worst_rank = 1 then expected_value end) as worst_expected_value,
        max(case when worst_rank = 1 then z_score end) as worst_z_score,
        max(case when worst_rank = 1 then metric_date end) as worst_day
    from ranked
    group by metric, scope_type, scope_value, incident_number
),

-- The closing day: the first later evaluated day that completes alert_incident_close_days in-limit days
-- in a row, or starts a new regime; none yet: open.
final as (
    select
        incidents.metric,
        incidents.scope_type,
        incidents.scope_value,
        incidents.metric_kind,
        incidents.first_day,
        incidents.last_day,
        min(counted.metric_date) as closed_on,
        min(counted.metric_date) is null as is_open,
        cast({{ days_between('incidents.first_day', 'incidents.last_day') }} + 1 as integer) as days_open,
        incidents.breach_days,
        case incidents.severity_rank when 1 then 'critical' when 2 then 'warning' else 'info' end as severity,
        incidents.direction,
        incidents.worst_day,
        incidents.worst_value,
        incidents.worst_expected_value,
        incidents.worst_z_score
    from incidents
    left join counted
        on
            incidents.metric = counted.metric
            and incidents.scope_type = counted.scope_type
            and incidents.scope_value = counted.scope_value
            and counted.metric_date > incidents.last_day
            and (
                counted.clear_days_so_far - incidents.clear_days_at_last_day >= {{ var('alert_incident_close_days') }}
                or counted.regime_start != incidents.regime_start
            )
    group by
        incidents.metric,
        incidents.scope_type,
        incidents.scope_value,
        incidents.incident_number,
        incidents.metric_kind,
        incidents.first_day,
        incidents.last_day,
        incidents.breach_days,
        incidents.severity_rank,
        incidents.direction,
        incidents.worst_day,
        incidents.worst_value,
        incidents.worst_expected_value,
        incidents.worst_z_score
)

select * from final
