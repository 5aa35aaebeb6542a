-- One row per account subscription term with the account's segment and plan and the renewal
-- outcome; a churned term's next MRR is 0 when the CRM left it empty. fct_account_terms adds the
-- support exposure of the term.
with subscriptions as (
    select *
    from {{ ref('stg_crm__subscriptions') }}
),

accounts as (
    select *
    from {{ ref('stg_crm__accounts') }}
),

final as (
    select
        subscriptions.subscription_id,
        subscriptions.account_id,
        accounts.segment,
        accounts.plan,
        subscriptions.period_start,
        subscriptions.period_end,
        subscriptions.mrr_usd,
        case
            when subscriptions.renewal_outcome = 'churned' then coalesce(subscriptions.next_mrr_usd, 0)
            else subscriptions.next_mrr_usd
        end as next_mrr_usd,
        subscriptions.renewal_outcome
    from subscriptions
    left join accounts on subscriptions.account_id = accounts.account_id
)

select * from final
