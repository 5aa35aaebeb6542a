with validated as (
    {{ kept_versions(ref('base_crm__accounts')) }}
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
