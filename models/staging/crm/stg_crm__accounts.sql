with validated as (
    select
        account_id,
        name,
        segment,
        plan,
        created_at,
        _loaded_at
    from {{ ref('base_crm__accounts') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        account_id,
        name as account_name,
        segment,
        plan,
        created_at,
        _loaded_at
    from validated
)

select * from final
