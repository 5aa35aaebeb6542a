-- A/B experiment readout: one row per experiment x treatment arm x metric, each treatment arm
-- against the control arm (var experiment_control_variant). Randomised by customer, so the variance
-- is the customer's: every metric is a ratio of per-customer sums (rates: successes / population
-- contacts; means: sum of values / contacts with a value) and its variance is the delta method's
-- (docs/decisions.md D-1901, D-1902). CUPED (var experiment_cuped) adjusts the difference with each
-- customer's same metric in the experiment_cuped_pre_days before first exposure, theta pooled over the
-- two arms (D-1904). z-test and 95% interval on that variance. The naive contact-level p-value (rates:
-- two-proportion z, pooled; means: Welch) is kept beside it for comparison only. Sample-ratio
-- mismatch: chi-square (1 df) on customers per arm. A recommendation only at the fixed horizon (mature
-- after the last exposure and any planned end, D-1903), no mismatch, significant and at least the
-- minimum effect (D-1007..D-1012).
with arm_metrics as (
    select * from {{ ref('mart_experiment_arm_metrics') }}
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

arm_ratios as (
    select
        *,
        case when sum_x > 0 then sum_y / sum_x end as ratio,
        case when sum_pre_x > 0 then sum_pre_y / sum_pre_x end as pre_ratio,
        sum_x / customers as mean_x,
        sum_pre_x / customers as mean_pre_x
    from arm_metrics
),

-- Per arm, over customers: l = (y - ratio x) / mean_x, m = (pre_y - pre_ratio pre_x) / mean_pre_x
-- (m = 0, its mean, for a customer without pre-period contacts): sums of l^2, m^2 and l m.
arm_moments as {{ materialized_cte() }} (
    select
        *,
        {{ linearised_comoment('sum_yy', 'sum_xy', 'sum_xy', 'sum_xx', 'ratio', 'ratio') }}
        / (mean_x * mean_x) as sum_l_squared,
        case
            when pre_ratio is not null
                then {{ linearised_comoment('sum_pre_yy', 'sum_pre_xy', 'sum_pre_xy', 'sum_pre_xx',
                    'pre_ratio', 'pre_ratio') }} / (mean_pre_x * mean_pre_x)
        end as sum_m_squared,
        case
            when pre_ratio is not null
                then {{ linearised_comoment('sum_y_pre_y', 'sum_y_pre_x', 'sum_x_pre_y', 'sum_x_pre_x',
                    'ratio', 'pre_ratio') }} / (mean_x * mean_pre_x)
        end as sum_l_m
    from arm_ratios
    where ratio is not null
),

comparisons as {{ materialized_cte() }} (
    select
        treatment.experiment_key,
        control.experiment_variant as control_variant,
        treatment.experiment_variant as treatment_variant,
        treatment.metric,
        treatment.metric_kind,
        treatment.higher_is_better,
        control.customers as control_customers,
        treatment.customers as treatment_customers,
        control.n as control_n,
        treatment.n as treatment_n,
        control.ratio as control_value,
        treatment.ratio as treatment_value,
        treatment.ratio - control.ratio as absolute_difference,
        control.pre_ratio as control_pre_value,
        treatment.pre_ratio as treatment_pre_value,
        case
            when control.customers > 1 and treatment.customers > 1
                then
                    control.sum_l_squared / (control.customers * (control.customers - 1.0))
                    + treatment.sum_l_squared / (treatment.customers * (treatment.customers - 1.0))
        end as unadjusted_variance,
        case
            when
                {{ experiment_cuped_applies('treatment.experiment_key') }}
                and control.customers > 1 and treatment.customers > 1
                and control.sum_m_squared + treatment.sum_m_squared > 0
                then (control.sum_l_m + treatment.sum_l_m) / (control.sum_m_squared + treatment.sum_m_squared)
        end as cuped_theta,
        control.sum_l_squared as control_sum_l_squared,
        treatment.sum_l_squared as treatment_sum_l_squared,
        control.sum_m_squared as control_sum_m_squared,
        treatment.sum_m_squared as treatment_sum_m_squared,
        control.sum_l_m as control_sum_l_m,
        treatment.sum_l_m as treatment_sum_l_m,
        -- Naive contact-level test (contacts as if independent), for comparison only.
        control.successes as control_successes,
        treatment.successes as treatment_successes,
        control.sample_variance as control_sample_variance,
        treatment.sample_variance as treatment_sample_variance,
        treatment.first_exposure_at,
        treatment.last_exposure_at,
        treatment.excluded_multi_arm_customers,
        {%- set horizon = greatest_of(['treatment.last_exposure_at',
            'coalesce(' ~ experiment_planned_end('treatment.experiment_key') ~ ', treatment.last_exposure_at)']) %}
        {{ add_hours(horizon, 'treatment.maturity_hours') }} as matures_at,
        as_of.as_of >= {{ add_hours(horizon, 'treatment.maturity_hours') }} as is_mature
    from arm_moments as treatment
    inner join arm_moments as control
        on
            treatment.experiment_key = control.experiment_key
            and treatment.metric = control.metric
            and control.experiment_variant = '{{ var("experiment_control_variant") }}'
    cross join as_of
    where treatment.experiment_variant != '{{ var("experiment_control_variant") }}'
),

adjusted as {{ materialized_cte() }} (
    select
        *,
        absolute_difference - coalesce(cuped_theta * (treatment_pre_value - control_pre_value), 0.0)
            as adjusted_difference,
        case
            when cuped_theta is null then unadjusted_variance
            else (
                control_sum_l_squared - 2.0 * cuped_theta * control_sum_l_m
                + cuped_theta * cuped_theta * control_sum_m_squared
            ) / (control_customers * (control_customers - 1.0))
            + (
                treatment_sum_l_squared - 2.0 * cuped_theta * treatment_sum_l_m
                + cuped_theta * cuped_theta * treatment_sum_m_squared
            ) / (treatment_customers * (treatment_customers - 1.0))
        end as difference_variance,
        case
            when metric_kind = 'rate' and control_n + treatment_n > 0
                then (control_successes + treatment_successes) / (control_n + treatment_n)
        end as naive_pooled_rate,
        case
            when metric_kind = 'mean' and control_n > 1 and treatment_n > 1
                then control_sample_variance / control_n
        end as naive_control_variance,
        case
            when metric_kind = 'mean' and control_n > 1 and treatment_n > 1
                then treatment_sample_variance / treatment_n
        end as naive_treatment_variance
    from comparisons
),

statistics as {{ materialized_cte() }} (
    select
        *,
        case when difference_variance > 0 then adjusted_difference / sqrt(difference_variance) end
            as test_statistic,
        case
            when metric_kind = 'rate'
                then case
                    when naive_pooled_rate > 0 and naive_pooled_rate < 1
                        then absolute_difference / sqrt(
                            naive_pooled_rate * (1.0 - naive_pooled_rate) * (1.0 / control_n + 1.0 / treatment_n)
                        )
                end
            when naive_control_variance + naive_treatment_variance > 0
                then absolute_difference / sqrt(naive_control_variance + naive_treatment_variance)
        end as naive_test_statistic,
        case
            when metric_kind = 'mean' and naive_control_variance + naive_treatment_variance > 0
                then power(naive_control_variance + naive_treatment_variance, 2) / (
                    naive_control_variance * naive_control_variance / (control_n - 1)
                    + naive_treatment_variance * naive_treatment_variance / (treatment_n - 1)
                )
        end as naive_degrees_of_freedom,
        {%- set share = var('experiment_expected_treatment_share') %}
        cast(
            power(treatment_customers - {{ share }} * (control_customers + treatment_customers), 2)
            / ({{ share }} * (control_customers + treatment_customers))
            + power(control_customers - (1.0 - {{ share }}) * (control_customers + treatment_customers), 2)
            / ((1.0 - {{ share }}) * (control_customers + treatment_customers))
            as {{ type_double() }}
        ) as srm_chi_square
    from adjusted
),

tested as {{ materialized_cte() }} (
    select
        *,
        {{ normal_two_sided_p('test_statistic') }} as p_value,
        1.959963984540054 * sqrt(difference_variance) as interval_half_width,
        case
            when metric_kind = 'rate' then {{ normal_two_sided_p('naive_test_statistic') }}
            else {{ student_t_two_sided_p('naive_test_statistic', 'naive_degrees_of_freedom') }}
        end as naive_p_value,
        {{ chi_square_1df_p('srm_chi_square') }} as srm_p_value
    from statistics
),

decided as (
    select
        *,
        case when control_value != 0 then adjusted_difference / control_value end as relative_difference,
        p_value < {{ var('experiment_alpha') }} as is_significant,
        srm_p_value < {{ var('experiment_srm_alpha') }} as has_sample_ratio_mismatch,
        case
            when control_value != 0
                then abs(adjusted_difference / control_value) >= {{ var('experiment_min_relative_effect') }}
            else adjusted_difference != 0
        end as meets_minimum_effect
    from tested
),

final as (
    select
        experiment_key,
        treatment_variant,
        control_variant,
        metric,
        metric_kind,
        case when cuped_theta is null then 'delta_method_z' else 'delta_method_z_cuped' end as test,
        higher_is_better,
        control_customers,
        treatment_customers,
        excluded_multi_arm_customers,
        control_n,
        treatment_n,
        control_value,
        treatment_value,
        absolute_difference,
        control_pre_value,
        treatment_pre_value,
        cuped_theta,
        adjusted_difference,
        relative_difference,
        sqrt(difference_variance) as standard_error,
        case
            when unadjusted_variance > 0 then 1.0 - difference_variance / unadjusted_variance
        end as variance_reduction,
        adjusted_difference - interval_half_width as difference_lower,
        adjusted_difference + interval_half_width as difference_upper,
        test_statistic,
        {{ round_to('p_value', 4) }} as p_value,
        {{ p_value_text('p_value') }} as p_value_display,
        coalesce(is_significant, false) as is_significant,
        {{ round_to('naive_p_value', 4) }} as naive_p_value,
        srm_chi_square,
        {{ round_to('srm_p_value', 4) }} as srm_p_value,
        has_sample_ratio_mismatch,
        coalesce(meets_minimum_effect, false) as meets_minimum_effect,
        first_exposure_at,
        last_exposure_at,
        matures_at,
        is_mature,
        case
            when p_value is null then 'insufficient_data'
            when not is_mature then 'not_mature'
            when has_sample_ratio_mismatch then 'sample_ratio_mismatch'
            when not is_significant then 'not_significant'
            when not meets_minimum_effect then 'below_minimum_effect'
            else 'recommended'
        end as decision_status,
        case
            when
                p_value is not null and is_mature and not has_sample_ratio_mismatch and is_significant
                and meets_minimum_effect
                then case
                    when (adjusted_difference > 0) = higher_is_better then 'adopt_treatment'
                    else 'keep_control'
                end
        end as recommendation
    from decided
)

select * from final
