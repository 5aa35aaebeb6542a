with validated as (
    {{ kept_versions(ref('base_helpdesk__ticket_status_changes')) }}
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
