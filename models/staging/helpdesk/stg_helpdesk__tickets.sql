{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1813, as D-1805 for messages): the kept versions are a filter on the
-- incremental base model, which holds every column typed, so a table would only copy them again.
with validated as (
    {{ kept_versions(ref('base_helpdesk__tickets')) }}
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
