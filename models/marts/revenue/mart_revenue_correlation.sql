-- Revenue correlation summary: one row per exposure cohort plus an `all` row, over the closed
-- account terms whose exposure window the support data fully covers (var
-- revenue_require_observed_exposure, default true; false = every closed term). Churn and expansion rates
-- with Wilson 95% intervals, churn relative risk vs the reference cohort
-- (contacts_no_bad_experience) with its log-method 95% interval, and the Pearson correlation
-- between a term's true resolution rate and retention. Correlational, not causal.
with account_terms as (
    select * from {{ ref('fct_account_terms') }}
    where
        is_term_closed
        {%- if var('revenue_require_observed_exposure') %}
            and is_exposure_observed
        {%- endif %}
),

-- The four rows always exist, even with no terms (union all: portable, unlike inline values).
cohorts as (
    select
        'bad_experience' as exposure_cohort,
        1 as cohort_sort_order
    union all
    select
        'contacts_no_bad_experience' as exposure_cohort,
        2 as cohort_sort_order
    union all
    select
        'no_contacts' as exposure_cohort,
        3 as cohort_sort_order
    union all
    select
        'all' as exposure_cohort,
        4 as cohort_sort_order
),

-- Each term counts in its own cohort and once more in `all`: two copies of every term.
copies as (
    select false as is_all_copy
    union all
    select true as is_all_copy
),

labelled_terms as (
    select
        case when copies.is_all_copy then 'all' else account_terms.exposure_cohort end as exposure_cohort,
        account_terms.is_churned,
        account_terms.is_expanded,
        account_terms.is_retained,
        account_terms.mrr_change_usd,
        account_terms.true_resolution_rate
    from account_terms
    cross join copies
),

cohort_counts as (
    select
        exposure_cohort,
        count(*) as closed_term_count,
        {{ count_if('is_churned') }} as churned_count,
        {{ count_if('is_expanded') }} as expanded_count,
        avg(cast(mrr_change_usd as {{ type_double() }})) as mean_mrr_change_usd,
        {{ correlation('true_resolution_rate', 'case when is_retained then 1.0 else 0.0 end') }}
            as resolution_retention_correlation,
        count(true_resolution_rate) as resolution_retention_correlation_n
    from labelled_terms
    group by exposure_cohort
),

filled as (
    select
        cohorts.exposure_cohort,
        cohorts.cohort_sort_order,
        coalesce(cohort_counts.closed_term_count, 0) as closed_term_count,
        coalesce(cohort_counts.churned_count, 0) as churned_count,
        coalesce(cohort_counts.expanded_count, 0) as expanded_count,
        cohort_counts.mean_mrr_change_usd,
        cohort_counts.resolution_retention_correlation,
        coalesce(cohort_counts.resolution_retention_correlation_n, 0) as resolution_retention_correlation_n
    from cohorts
    left join cohort_counts on cohorts.exposure_cohort = cohort_counts.exposure_cohort
),

reference as (
    select
        churned_count as reference_churned_count,
        closed_term_count as reference_closed_term_count
    from filled
    where exposure_cohort = 'contacts_no_bad_experience'
),

compared as (
    select
        filled.*,
        case
            when filled.exposure_cohort in ('bad_experience', 'no_contacts') then 'contacts_no_bad_experience'
        end as churn_rr_reference_cohort,
        reference.reference_churned_count,
        reference.reference_closed_term_count
    from filled
    cross join reference
),

final as (
    select
        exposure_cohort,
        cohort_sort_order,
        closed_term_count,
        {{ rate_columns('churn_rate', 'churned_count', 'closed_term_count') }},
        {{ rate_columns('expansion_rate', 'expanded_count', 'closed_term_count') }},
        mean_mrr_change_usd,
        churn_rr_reference_cohort,
        case
            when churn_rr_reference_cohort is not null
                then {{ relative_risk(
                    'churned_count', 'closed_term_count', 'reference_churned_count', 'reference_closed_term_count'
                ) }}
        end as churn_relative_risk,
        case
            when churn_rr_reference_cohort is not null
                then {{ relative_risk_lower(
                    'churned_count', 'closed_term_count', 'reference_churned_count', 'reference_closed_term_count'
                ) }}
        end as churn_relative_risk_lower,
        case
            when churn_rr_reference_cohort is not null
                then {{ relative_risk_upper(
                    'churned_count', 'closed_term_count', 'reference_churned_count', 'reference_closed_term_count'
                ) }}
        end as churn_relative_risk_upper,
        resolution_retention_correlation,
        resolution_retention_correlation_n,
        resolution_retention_correlation_n < {{ var('min_sample_size') }}
            as resolution_retention_correlation_is_low_sample,
        'correlational, not causal' as interpretation
    from compared
)

select * from final
