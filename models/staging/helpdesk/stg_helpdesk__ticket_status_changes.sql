{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1813, as D-1805 for messages): the kept versions are a filter on the
-- incremental base model, which holds every column typed, so a table would only copy them again.
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
