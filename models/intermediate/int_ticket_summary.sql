-- One row per ticket: first human reply, solve and reopen history from the status changes.
with tickets as (
    select
        ticket_id,
        customer_id,
        conversation_id,
        channel,
        created_at,
        status,
        priority,
        intent,
        handle_minutes,
        updated_at
    from {{ ref('stg_helpdesk__tickets') }}
),

comments as (
    select
        ticket_id,
        author_type,
        created_at,
        is_public
    from {{ ref('stg_helpdesk__ticket_comments') }}
),

status_changes as (
    select
        ticket_id,
        status,
        changed_at
    from {{ ref('stg_helpdesk__ticket_status_changes') }}
),

comment_summary as (
    select
        ticket_id,
        min(case when author_type = 'human_agent' and is_public then created_at end) as first_human_reply_at,
        count(case when author_type = 'human_agent' and is_public then 1 end) as human_reply_count,
        count(case when author_type = 'customer' and is_public then 1 end) as customer_comment_count,
        max(case when is_public and author_type in ('customer', 'human_agent') then created_at end)
            as last_public_comment_at
    from comments
    group by ticket_id
),

status_sequence as (
    select
        ticket_id,
        status,
        changed_at,
        max(case when status in ('solved', 'closed') then 1 else 0 end) over (
            partition by ticket_id order by changed_at rows between unbounded preceding and 1 preceding
        ) as was_solved_before
    from status_changes
),

status_summary as (
    select
        ticket_id,
        min(case when status in ('solved', 'closed') then changed_at end) as first_solved_at,
        max(case when status in ('solved', 'closed') then changed_at end) as last_solved_at,
        min(case when was_solved_before = 1 and status not in ('solved', 'closed') then changed_at end)
            as first_reopened_at,
        count(case when was_solved_before = 1 and status not in ('solved', 'closed') then 1 end) as reopen_count
    from status_sequence
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        tickets.conversation_id,
        tickets.conversation_id is null as is_direct,
        tickets.channel,
        tickets.created_at,
        tickets.status,
        tickets.priority,
        tickets.intent,
        tickets.handle_minutes,
        tickets.status in ('solved', 'closed') as is_solved_now,
        -- A ticket whose history lacks the solve still counts as solved at its last update.
        coalesce(
            status_summary.first_solved_at,
            case when tickets.status in ('solved', 'closed') then coalesce(tickets.updated_at, tickets.created_at) end
        ) as first_solved_at,
        status_summary.last_solved_at,
        status_summary.first_reopened_at,
        coalesce(status_summary.reopen_count, 0) as reopen_count,
        comment_summary.first_human_reply_at,
        coalesce(comment_summary.human_reply_count, 0) as human_reply_count,
        coalesce(comment_summary.customer_comment_count, 0) as customer_comment_count,
        comment_summary.last_public_comment_at
    from tickets
    left join comment_summary on tickets.ticket_id = comment_summary.ticket_id
    left join status_summary on tickets.ticket_id = status_summary.ticket_id
)

select * from final
