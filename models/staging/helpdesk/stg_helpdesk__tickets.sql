with validated as (
    select
        ticket_id,
        customer_id,
        conversation_id,
        channel,
        created_at,
        status,
        assignee_id,
        group_name,
        priority,
        intent,
        handle_minutes,
        updated_at,
        _loaded_at
    from {{ ref('base_helpdesk__tickets') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        ticket_id,
        customer_id,
        conversation_id,
        channel,
        created_at,
        status,
        assignee_id,
        group_name,
        priority,
        lower(intent) as intent,
        handle_minutes,
        updated_at,
        _loaded_at
    from validated
)

select * from final
