-- State changes of ticketed Intercom conversations (src_intercom__tickets), from the versions
-- of conversation_history, as helpdesk.ticket_status_changes rows: a version whose state differs
-- from the previous version's is a status change at its updated_at.
with versions as (
    select
        conversation_id,
        updated_at,
        updated_at_utc,
        case state when 'closed' then 'solved' when 'snoozed' then 'pending' else state end as status,
        fivetran_synced
    from {{ ref('src_intercom__conversation_versions') }}
),

sequenced as (
    select
        conversation_id,
        updated_at,
        status,
        fivetran_synced,
        lag(status) over (partition by conversation_id order by updated_at_utc, fivetran_synced) as previous_status
    from versions
),

tickets as (
    select ticket_id
    from {{ ref('src_intercom__tickets') }}
),

final as (
    select
        sequenced.conversation_id as ticket_id,
        sequenced.status,
        sequenced.updated_at as changed_at,
        sequenced.fivetran_synced as _loaded_at
    from sequenced
    inner join tickets on sequenced.conversation_id = tickets.ticket_id
    where sequenced.previous_status is null or sequenced.status <> sequenced.previous_status
)

select * from final
