-- Every good version of each CRM account (base_crm__accounts, not only the latest one that
-- stg_crm__accounts keeps): the account's history as loaded, so a contact can take the segment the
-- account had when it started instead of its current one (docs/decisions.md D-2003).
with validated as (
    select * from {{ ref('base_crm__accounts') }}
    where _dq_reason is null
),

final as (
    select
        account_id,
        segment,
        plan,
        _loaded_at,
        _dq_version_rank as version_rank
    from validated
)

select * from final
