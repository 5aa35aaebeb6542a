-- A/B experiment readout: one row per experiment x treatment arm x metric, each treatment arm
-- against the control arm (var experiment_control_variant). Rates: two-proportion z-test (pooled
-- standard error) with a Wald 95% interval; means: Welch's t-test with its 95% interval (t quantile
-- at the Welch degrees of freedom). Sample-ratio mismatch: chi-square (1 df) on customers per arm
-- against var experiment_expected_treatment_share. A recommendation only when mature, no mismatch,
-- significant and at least the minimum effect. p-values are shown to 4 decimals, the accuracy the
-- distribution macros promise; decisions use the unrounded values (docs/decisions.md D-1007..D-1012).
with arm_metrics as (
    select
        experiment_key,
        experiment_variant,
        metric,
        metric_kind,
        higher_is_better,
        maturity_hours,
        customers,
        n,
        successes,
        metric_value,
        sample_variance,
        first_exposure_at,
        last_exposure_at,
        excluded_multi_arm_customers
    from {{ ref('mart_experiment_arm_metrics') }}
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
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
        control.metric_value as control_value,
        treatment.metric_value as treatment_value,
        treatment.metric_value - control.metric_value as absolute_difference,
        case
            when control.metric_value != 0 then treatment.metric_value / control.metric_value - 1.0
        end as relative_difference,
        -- Rates: pooled proportion for the test, unpooled variance for the interval.
        case
            when treatment.metric_kind = 'rate' and control.n + treatment.n > 0
                then (control.successes + treatment.successes) / (control.n + treatment.n)
        end as pooled_rate,
        case
            when treatment.metric_kind = 'rate'
                then case
                    when control.n > 0 and treatment.n > 0
                        then
                            control.metric_value * (1.0 - control.metric_value) / control.n
                            + treatment.metric_value * (1.0 - treatment.metric_value) / treatment.n
                end
            else case
                when control.n > 1 and treatment.n > 1
                    then control.sample_variance / control.n + treatment.sample_variance / treatment.n
            end
        end as difference_variance,
        case
            when treatment.metric_kind = 'mean' and control.n > 1 and treatment.n > 1
                then control.sample_variance / control.n
        end as control_variance_of_mean,
        case
            when treatment.metric_kind = 'mean' and control.n > 1 and treatment.n > 1
                then treatment.sample_variance / treatment.n
        end as treatment_variance_of_mean,
        treatment.first_exposure_at,
        treatment.last_exposure_at,
        treatment.excluded_multi_arm_customers,
        {{ add_hours('treatment.last_exposure_at', 'treatment.maturity_hours') }} as matures_at,
        as_of.as_of >= {{ add_hours('treatment.last_exposure_at', 'treatment.maturity_hours') }} as is_mature
    from arm_metrics as treatment
    inner join arm_metrics as control
        on
            treatment.experiment_key = control.experiment_key
            and treatment.metric = control.metric
            and control.experiment_variant = '{{ var("experiment_control_variant") }}'
    cross join as_of
    where treatment.experiment_variant != '{{ var("experiment_control_variant") }}'
),

statistics as {{ materialized_cte() }} (
    select
        *,
        case
            when metric_kind = 'rate'
                then case
                    when pooled_rate > 0 and pooled_rate < 1
                        then absolute_difference / sqrt(
                            pooled_rate * (1.0 - pooled_rate) * (1.0 / control_n + 1.0 / treatment_n)
                        )
                end
            else case when difference_variance > 0 then absolute_difference / sqrt(difference_variance) end
        end as test_statistic,
        case
            when metric_kind = 'mean' and difference_variance > 0
                then difference_variance * difference_variance / (
                    control_variance_of_mean * control_variance_of_mean / (control_n - 1)
                    + treatment_variance_of_mean * treatment_variance_of_mean / (treatment_n - 1)
                )
        end as degrees_of_freedom,
        {%- set share = var('experiment_expected_treatment_share') %}
        cast(
            power(treatment_customers - {{ share }} * (control_customers + treatment_customers), 2)
            / ({{ share }} * (control_customers + treatment_customers))
            + power(control_customers - (1.0 - {{ share }}) * (control_customers + treatment_customers), 2)
            / ((1.0 - {{ share }}) * (control_customers + treatment_customers))
            as {{ type_double() }}
        ) as srm_chi_square
    from comparisons
),

tested as {{ materialized_cte() }} (
    select
        *,
        case
            when metric_kind = 'rate' then {{ normal_two_sided_p('test_statistic') }}
            else {{ student_t_two_sided_p('test_statistic', 'degrees_of_freedom') }}
        end as p_value,
        case
            when metric_kind = 'rate' then 1.959963984540054 * sqrt(difference_variance)
            else {{ student_t_quantile_975('degrees_of_freedom') }} * sqrt(difference_variance)
        end as interval_half_width,
        {{ chi_square_1df_p('srm_chi_square') }} as srm_p_value
    from statistics
),

decided as (
    select
        *,
        p_value < {{ var('experiment_alpha') }} as is_significant,
        srm_p_value < {{ var('experiment_srm_alpha') }} as has_sample_ratio_mismatch,
        case
            when relative_difference is not null
                then abs(relative_difference) >= {{ var('experiment_min_relative_effect') }}
            else absolute_difference != 0
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
        case metric_kind when 'rate' then 'two_proportion_z' else 'welch_t' end as test,
        higher_is_better,
        control_customers,
        treatment_customers,
        excluded_multi_arm_customers,
        control_n,
        treatment_n,
        control_value,
        treatment_value,
        absolute_difference,
        relative_difference,
        absolute_difference - interval_half_width as difference_lower,
        absolute_difference + interval_half_width as difference_upper,
        test_statistic,
        degrees_of_freedom,
        {{ round_to('p_value', 4) }} as p_value,
        coalesce(is_significant, false) as is_significant,
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
                    when (absolute_difference > 0) = higher_is_better then 'adopt_treatment'
                    else 'keep_control'
                end
        end as recommendation
    from decided
)

select * from final
