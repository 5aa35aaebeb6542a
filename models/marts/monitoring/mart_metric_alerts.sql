-- Daily regression alerts: one row per metric x day x scope whose value breaches its statistical
-- rule on a mature, large-enough day. Rates: p-chart, centre = the pooled rate of the trailing
-- alert_baseline_days, limits centre +/- alert_sigma * sqrt(p(1 - p) / n) with the day's own n.
-- Counts: z-score against the same weekday in the trailing window (standard deviation of those
-- days, at least the Poisson one). Means and ratios (CSAT, resolution time, variable cost per
-- resolution): z-test of the day's ratio against the baseline's, standard error from the baseline's
-- per-contact variance (D-1913). Rate and count breaches are decided on integer counts, so a day
-- exactly on a limit breaches exactly (>=). Severity follows the seed's deviation rule on top of the
-- statistical one (docs/decisions.md D-1001..D-1006). The baseline never reaches back past a known
-- change point (mart_metric_change_points: the AI launch, planned releases): it uses the days on or
-- after the latest change point on or before the evaluated day, and while it has fewer than the
-- minimum days the day is baseline_settling, not evaluated (D-1911).
with daily_values as (
    select
        metric_date,
        scope_type,
        scope_value,
        metric,
        metric_kind,
        numerator,
        denominator,
        metric_value,
        n,
        value_sum,
        value_sum_squares,
        value_cross_sum,
        matures_at,
        is_mature,
        regime_start
    from {{ ref('mart_metric_daily_values') }}
),

evaluated_days as (
    select * from daily_values
    where is_mature
),

baseline_days as (
    select
        evaluated_days.metric_date,
        evaluated_days.scope_type,
        evaluated_days.scope_value,
        evaluated_days.metric,
        history.numerator,
        history.denominator,
        history.n,
        history.value_sum,
        history.value_sum_squares,
        history.value_cross_sum
    from evaluated_days
    inner join daily_values as history
        on
            evaluated_days.metric = history.metric
            and evaluated_days.scope_type = history.scope_type
            and evaluated_days.scope_value = history.scope_value
            and {{ days_between('history.metric_date', 'evaluated_days.metric_date') }}
            between 1 and {{ var('alert_baseline_days') }}
            -- The baseline begins at the day's latest change point (regime_start; null: none).
            and (evaluated_days.regime_start is null or history.metric_date >= evaluated_days.regime_start)
    where
        (evaluated_days.metric_kind in ('rate', 'mean') and history.denominator > 0)
        or (
            evaluated_days.metric_kind = 'count'
            and {{ days_between('history.metric_date', 'evaluated_days.metric_date') }} % 7 = 0
        )
),

baselines as (
    select
        metric_date,
        scope_type,
        scope_value,
        metric,
        count(*) as baseline_days,
        cast(sum(numerator) as {{ type_double() }}) as baseline_sum,
        cast(sum(numerator * numerator) as {{ type_double() }}) as baseline_sum_squares,
        cast(sum(denominator) as {{ type_double() }}) as baseline_denominator,
        cast(sum(n) as {{ type_double() }}) as baseline_contacts,
        sum(value_sum) as baseline_value_sum,
        sum(value_sum_squares) as baseline_value_sum_squares,
        sum(value_cross_sum) as baseline_value_cross_sum
    from baseline_days
    group by metric_date, scope_type, scope_value, metric
),

{%- set centre = 'baselines.baseline_value_sum / baselines.baseline_denominator' %}
{#- Per-contact variance of value - centre x per over the baseline (per is 0/1, so its sum of squares is
    baseline_denominator); for a plain mean (per = 1) the sample variance of the values. #}
{%- set variance = greatest_of(['0.0', '(baselines.baseline_value_sum_squares - 2 * ' ~ centre
    ~ ' * baselines.baseline_value_cross_sum + ' ~ centre ~ ' * ' ~ centre ~ ' * baselines.baseline_denominator)'
    ~ ' / (baselines.baseline_contacts - 1)']) %}

with_baseline as (
    select
        evaluated_days.metric_date,
        evaluated_days.scope_type,
        evaluated_days.scope_value,
        evaluated_days.metric,
        evaluated_days.metric_kind,
        evaluated_days.numerator,
        evaluated_days.n,
        evaluated_days.metric_value,
        evaluated_days.matures_at,
        baselines.baseline_days,
        baselines.baseline_sum,
        baselines.baseline_sum_squares,
        baselines.baseline_denominator,
        baselines.baseline_contacts,
        case evaluated_days.metric_kind
            when 'rate' then baselines.baseline_sum / baselines.baseline_denominator
            when 'mean' then {{ centre }}
            else baselines.baseline_sum / baselines.baseline_days
        end as expected_value,
        -- Standard error of the day's value around the centre line.
        case evaluated_days.metric_kind
            when 'rate'
                then case
                    when evaluated_days.n > 0
                        then sqrt(
                            (baselines.baseline_sum / baselines.baseline_denominator)
                            * (1.0 - baselines.baseline_sum / baselines.baseline_denominator)
                            / evaluated_days.n
                        )
                end
            when 'mean'
                then case
                    when evaluated_days.denominator > 0 and baselines.baseline_contacts > 1
                        then sqrt({{ variance }} * evaluated_days.n) / evaluated_days.denominator
                end
            else case
                when baselines.baseline_days > 1
                    then sqrt({{ greatest_of([
                        '(baselines.baseline_days * baselines.baseline_sum_squares - baselines.baseline_sum * baselines.baseline_sum)
                        / (baselines.baseline_days * (baselines.baseline_days - 1.0))',
                        'baselines.baseline_sum / baselines.baseline_days'
                    ]) }})
            end
        end as standard_error,
        -- Statistical rule in exact integer arithmetic: rate (x N - n B)^2 >= s^2 n B (N - B);
        -- count (k x - S1)^2 (k - 1) >= s^2 k (k S2 - S1^2) and, the Poisson floor of the variance
        -- (the mean), (k x - S1)^2 >= s^2 k S1. A value equal to the centre never breaches. Mean (floating
        -- point): (sum of values - centre x sum of per)^2 >= s^2 x variance x n.
        case evaluated_days.metric_kind
            when 'rate'
                then
                    evaluated_days.numerator * baselines.baseline_denominator
                    - evaluated_days.n * baselines.baseline_sum != 0
                    and power(
                        evaluated_days.numerator * baselines.baseline_denominator
                        - evaluated_days.n * baselines.baseline_sum, 2
                    )
                    >= {{ var('alert_sigma') }} * {{ var('alert_sigma') }} * evaluated_days.n * baselines.baseline_sum
                    * (baselines.baseline_denominator - baselines.baseline_sum)
            when 'mean'
                then
                    evaluated_days.denominator > 0
                    and baselines.baseline_contacts > 1
                    and evaluated_days.value_sum != {{ centre }} * evaluated_days.denominator
                    and power(evaluated_days.value_sum - {{ centre }} * evaluated_days.denominator, 2)
                    >= {{ var('alert_sigma') }} * {{ var('alert_sigma') }} * {{ variance }} * evaluated_days.n
            else
                baselines.baseline_days * evaluated_days.numerator - baselines.baseline_sum != 0
                and power(baselines.baseline_days * evaluated_days.numerator - baselines.baseline_sum, 2)
                * (baselines.baseline_days - 1)
                >= {{ var('alert_sigma') }} * {{ var('alert_sigma') }} * baselines.baseline_days
                * (
                    baselines.baseline_days * baselines.baseline_sum_squares
                    - baselines.baseline_sum * baselines.baseline_sum
                )
                and power(baselines.baseline_days * evaluated_days.numerator - baselines.baseline_sum, 2)
                >= {{ var('alert_sigma') }} * {{ var('alert_sigma') }}
                * baselines.baseline_days * baselines.baseline_sum
        end as is_statistical_breach,
        case evaluated_days.metric_kind
            when 'count'
                then
                    baselines.baseline_days >= {{ var('alert_min_baseline_weekdays') }}
                    and baselines.baseline_days >= 2
            else baselines.baseline_days >= {{ var('alert_min_baseline_days') }}
        end as has_baseline,
        evaluated_days.n < {{ var('alert_min_daily_n') }} as is_suppressed
    from evaluated_days
    inner join baselines
        on
            evaluated_days.metric_date = baselines.metric_date
            and evaluated_days.scope_type = baselines.scope_type
            and evaluated_days.scope_value = baselines.scope_value
            and evaluated_days.metric = baselines.metric
),

breaches as (
    select
        *,
        case when expected_value != 0 then (metric_value - expected_value) / expected_value end as relative_deviation
    from with_baseline
    where has_baseline and not is_suppressed and is_statistical_breach
),

final as (
    select
        metric_date,
        metric,
        scope_type,
        scope_value,
        metric_kind,
        case metric_kind
            when 'rate' then 'p_chart'
            when 'mean' then 'mean_z_test'
            else 'same_weekday_z_score'
        end as rule,
        case
            when relative_deviation is null or abs(relative_deviation) > {{ var('alert_critical_deviation') }}
                then 'critical'
            when abs(relative_deviation) > {{ var('alert_warning_deviation') }} then 'warning'
            else 'info'
        end as severity,
        case when metric_value > expected_value then 'above' else 'below' end as direction,
        metric_value,
        expected_value,
        {{ greatest_of(['0.0', 'expected_value - ' ~ var('alert_sigma') ~ ' * standard_error']) }} as lower_limit,
        case metric_kind
            when 'rate' then {{ least_of(['1.0', 'expected_value + ' ~ var('alert_sigma') ~ ' * standard_error']) }}
            else expected_value + {{ var('alert_sigma') }} * standard_error
        end as upper_limit,
        case when standard_error > 0 then (metric_value - expected_value) / standard_error end as z_score,
        relative_deviation,
        n,
        numerator,
        baseline_days,
        case metric_kind when 'rate' then baseline_denominator when 'mean' then baseline_contacts else baseline_sum end
            as baseline_n,
        matures_at
    from breaches
)

select * from final
