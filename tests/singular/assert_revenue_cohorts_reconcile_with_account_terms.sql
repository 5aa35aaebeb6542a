-- mart_revenue_correlation reconciles with fct_account_terms: each cohort row (and the `all`
-- row) counts exactly the closed terms of its cohort (fully observed ones only, unless var
-- revenue_require_observed_exposure is false), with the same churned and expanded counts; and
-- the three cohort rows add up to the `all` row. Returns offending rows.
with account_terms as (
    select
        exposure_cohort,
        is_churned,
        is_expanded
    from {{ ref('fct_account_terms') }}
    where
        is_term_closed
        {%- if var('revenue_require_observed_exposure', true) %}
            and is_exposure_observed
        {%- endif %}
),

mart as (
    select
        exposure_cohort,
        closed_term_count,
        churn_rate_numerator,
        churn_rate_denominator,
        expansion_rate_numerator,
        expansion_rate_denominator
    from {{ ref('mart_revenue_correlation') }}
),

expected_by_cohort as (
    select
        exposure_cohort,
        count(*) as closed_term_count,
        {{ count_if('is_churned') }} as churned_count,
        {{ count_if('is_expanded') }} as expanded_count
    from account_terms
    group by exposure_cohort
    union all
    select
        'all' as exposure_cohort,
        count(*) as closed_term_count,
        {{ count_if('is_churned') }} as churned_count,
        {{ count_if('is_expanded') }} as expanded_count
    from account_terms
),

cohort_mismatches as (
    select
        coalesce(mart.exposure_cohort, expected_by_cohort.exposure_cohort) as exposure_cohort,
        'cohort differs from fct_account_terms' as problem
    from mart
    full outer join expected_by_cohort on mart.exposure_cohort = expected_by_cohort.exposure_cohort
    where
        mart.exposure_cohort is null
        or mart.closed_term_count <> coalesce(expected_by_cohort.closed_term_count, 0)
        or mart.churn_rate_numerator <> coalesce(expected_by_cohort.churned_count, 0)
        or mart.expansion_rate_numerator <> coalesce(expected_by_cohort.expanded_count, 0)
        or mart.churn_rate_denominator <> mart.closed_term_count
        or mart.expansion_rate_denominator <> mart.closed_term_count
),

cohort_totals as (
    select
        sum(case when exposure_cohort <> 'all' then closed_term_count else 0 end) as cohort_terms,
        sum(case when exposure_cohort = 'all' then closed_term_count else 0 end) as all_terms,
        sum(case when exposure_cohort <> 'all' then churn_rate_numerator else 0 end) as cohort_churned,
        sum(case when exposure_cohort = 'all' then churn_rate_numerator else 0 end) as all_churned,
        sum(case when exposure_cohort <> 'all' then expansion_rate_numerator else 0 end) as cohort_expanded,
        sum(case when exposure_cohort = 'all' then expansion_rate_numerator else 0 end) as all_expanded,
        count(*) as row_count
    from mart
),

total_mismatches as (
    select
        'all' as exposure_cohort,
        'cohort rows do not add up to the all row (or a cohort row is missing)' as problem
    from cohort_totals
    where
        cohort_terms <> all_terms
        or cohort_churned <> all_churned
        or cohort_expanded <> all_expanded
        or row_count <> 4
),

final as (
    select
        exposure_cohort,
        problem
    from cohort_mismatches
    union all
    select
        exposure_cohort,
        problem
    from total_mismatches
)

select * from final
