-- Intercom conversations a human took part in, as helpdesk.tickets rows: one escalation ticket
-- per conversation (ticket_id = conversation_id = the conversation's id), created when a human
-- admin first acted on it (a part by an admin, or the first version assigned to an admin).
-- Status from the current state: open -> open, snoozed -> pending, closed -> solved (a closed
-- Intercom conversation reopens on the customer's reply, like a solved ticket).
with versions as (
    select * from {{ ref('src_intercom__conversation_versions') }}
),

human_parts as (
    select
        conversation_id,
        min(created_at_utc) as first_human_part_at
    from {{ ref('src_intercom__parts') }}
    where actor_type = 'human_agent'
    group by conversation_id
),

human_assignments as (
    select
        conversation_id,
        min(updated_at_utc) as first_assigned_at
    from versions
    where assignee_type = 'admin' and assignee_id is not null
    group by conversation_id
),

escalations as (
    select
        versions.conversation_id,
        {{ least_of(['human_parts.first_human_part_at', 'human_assignments.first_assigned_at']) }} as created_at_utc
    from versions
    left join human_parts on versions.conversation_id = human_parts.conversation_id
    left join human_assignments on versions.conversation_id = human_assignments.conversation_id
    where
        versions.is_current
        and (human_parts.conversation_id is not null or human_assignments.conversation_id is not null)
),

conversations as (
    select * from {{ ref('src_intercom__conversations') }}
),

-- same shape as src_zendesk__tickets' groups: each vendor maps its own team table (optional:
-- without it, no group name)
teams as (
    select
        cast(id as {{ text_type() }}) as team_id,
        cast(name as {{ text_type() }}) as team_name
    from {{ optional_source('intercom', 'team', ['id', 'name']) }}
),

final as (
    select
        escalations.conversation_id as ticket_id,
        conversations.customer_id,
        escalations.conversation_id,
        case
            when conversations.channel in ('chat', 'email', 'voice', 'social') then conversations.channel
            when conversations.channel = 'sms' then 'chat'
            else conversations.channel
        end as channel,
        cast(escalations.created_at_utc as {{ text_type() }}) as created_at,
        case versions.state
            when 'closed' then 'solved'
            when 'snoozed' then 'pending'
            else versions.state
        end as status,
        case when versions.assignee_type = 'admin' then versions.assignee_id end as assignee_id,
        teams.team_name as group_name,
        case versions.priority when 'priority' then 'high' when 'not_priority' then 'normal' end as priority,
        cast(null as {{ text_type() }}) as intent,
        cast(null as {{ text_type() }}) as handle_minutes,
        versions.updated_at,
        versions.fivetran_synced as _loaded_at
    from escalations
    inner join versions on escalations.conversation_id = versions.conversation_id and versions.is_current
    left join conversations on escalations.conversation_id = conversations.conversation_id
    left join teams on versions.assignee_type = 'team' and versions.assignee_id = teams.team_id
)

select * from final
