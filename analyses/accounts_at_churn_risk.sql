-- Which accounts are at churn risk after bad experiences?
-- Open subscription terms (renewal still ahead at as_of) whose exposure window holds at least one
-- bad experience (an unresolved high-stakes contact, fct_account_terms.bad_experience_count),
-- ranked by bad experiences, then by MRR at stake. mart_revenue_correlation shows that closed
-- terms with bad experiences churn more often (correlational, not causal). Account ids only:
-- no personal data.
with terms as (
    select
        account_id,
        subscription_id,
        segment,
        plan,
        period_end,
        mrr_usd,
        is_term_closed,
        contact_count,
        ai_share,
        true_resolution_rate,
        recontact_count,
        bad_experience_count,
        csat_mean
    from {{ ref('fct_account_terms') }}
),

at_risk as (
    select
        account_id,
        subscription_id,
        segment,
        plan,
        period_end,
        mrr_usd,
        contact_count,
        ai_share,
        true_resolution_rate,
        recontact_count,
        bad_experience_count,
        csat_mean
    from terms
    where not is_term_closed and bad_experience_count > 0
),

final as (
    select
        account_id,
        subscription_id,
        segment,
        plan,
        period_end,
        mrr_usd,
        contact_count,
        ai_share,
        true_resolution_rate,
        recontact_count,
        bad_experience_count,
        csat_mean,
        rank() over (order by bad_experience_count desc, mrr_usd desc) as risk_rank
    from at_risk
    order by risk_rank, account_id
)

select * from final
