-- Zendesk status history (ticket_field_history rows of field `status`) in the shape of
-- helpdesk.ticket_status_changes; Zendesk's hold / on-hold is the contract's on_hold.
-- same cast-to-text shape as the other src_zendesk__ models: each maps its own vendor table
with field_history as (
    select
        cast(ticket_id as {{ text_type() }}) as ticket_id,
        lower(cast(field_name as {{ text_type() }})) as field_name,
        lower(cast(value as {{ text_type() }})) as field_value,
        cast(updated as {{ text_type() }}) as changed_at,
        cast(_fivetran_synced as {{ text_type() }}) as _loaded_at
    from {{ source('zendesk', 'ticket_field_history') }}
),

final as (
    select
        ticket_id,
        case
            when field_value in ('hold', 'on-hold', 'on hold') then 'on_hold'
            else field_value
        end as status,
        changed_at,
        _loaded_at
    from field_history
    where field_name = 'status'
)

select * from final
