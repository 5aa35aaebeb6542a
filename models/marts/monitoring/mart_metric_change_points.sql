-- Known change points of the monitored metrics: one row per day on which a planned level shift starts
-- (docs/decisions.md D-1911). The AI launch (int_ai_launch_date) always is one; seed agent_changes adds
-- planned releases, launches in a new channel or policy changes. An alert baseline only uses days on or
-- after the latest change point on or before the evaluated day, so a planned shift is the new normal
-- once the new baseline has settled instead of an alert for eight weeks. Agent versions seen in
-- fct_contacts are deliberately not change points: an unplanned bad release must alert.
with launch as (
    select
        ai_launch_date as change_date,
        'ai_launch' as change_type,
        ai_launch_date_source as description
    from {{ ref('int_ai_launch_date') }}
    where ai_launch_date is not null
),

recorded as (
    select
        cast(change_date as date) as change_date,
        change_type,
        description
    from {{ ref('agent_changes') }}
),

unioned as (
    select * from launch
    union all
    select * from recorded
),

final as (
    select
        change_date,
        min(change_type) as change_type,
        min(description) as description,
        -- First day whose rate baseline can hold alert_min_baseline_days days after the change point, and the
        -- same for counts (alert_min_baseline_weekdays same weekdays): before it the rule is baseline_settling.
        cast({{ dbt.dateadd('day', var('alert_min_baseline_days'), 'change_date') }} as date) as rates_settle_on,
        cast({{ dbt.dateadd('day', 7 * var('alert_min_baseline_weekdays'), 'change_date') }} as date)
            as counts_settle_on
    from unioned
    group by change_date
)

select * from final
