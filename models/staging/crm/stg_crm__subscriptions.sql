with validated as (
    {{ kept_versions(ref('base_crm__subscriptions')) }}
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
