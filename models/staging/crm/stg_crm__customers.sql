-- email and full_name are personal data: they stop here and are never selected.
with validated as (
    {{ kept_versions(ref('base_crm__customers')) }}
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
