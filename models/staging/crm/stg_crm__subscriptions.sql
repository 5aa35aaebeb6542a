with validated as (
    select
        subscription_id,
        account_id,
        period_start,
        period_end,
        mrr_usd,
        renewal_outcome,
        next_mrr_usd,
        _loaded_at
    from {{ ref('base_crm__subscriptions') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        subscription_id,
        account_id,
        period_start,
        period_end,
        mrr_usd,
        renewal_outcome,
        next_mrr_usd,
        _loaded_at
    from validated
)

select * from final
