-- email and full_name are personal data: they stop here and are never selected.
with validated as (
    select
        customer_id,
        account_id,
        country,
        created_at,
        _loaded_at
    from {{ ref('base_crm__customers') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        customer_id,
        account_id,
        upper(country) as country,
        created_at,
        _loaded_at
    from validated
)

select * from final
