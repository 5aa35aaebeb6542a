with validated as (
    select
        ticket_id,
        status,
        changed_at,
        _loaded_at
    from {{ ref('base_helpdesk__ticket_status_changes') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        ticket_id,
        status,
        changed_at,
        _loaded_at
    from validated
)

select * from final
