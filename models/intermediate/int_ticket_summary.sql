-- One row per ticket: first human reply, and its solves and reopens (int_ticket_transitions).
-- _loaded_at is the latest arrival of the ticket, its comments and its status changes (D-1820).
with tickets as (
    select *
    from {{ ref('stg_helpdesk__tickets') }}
),

comments as (
    select
        ticket_id,
        author_type,
        created_at,
        is_public,
        _loaded_at
    from {{ ref('stg_helpdesk__ticket_comments') }}
),

status_changes as (
    select
        ticket_id,
        _loaded_at
    from {{ ref('stg_helpdesk__ticket_status_changes') }}
),

transitions as (
    select
        ticket_id,
        transition,
        transitioned_at
    from {{ ref('int_ticket_transitions') }}
),

comment_summary as (
    select
        ticket_id,
        min(case when author_type = 'human_agent' and is_public then created_at end) as first_human_reply_at,
        count(case when author_type = 'human_agent' and is_public then 1 end) as human_reply_count,
        count(case when author_type = 'customer' and is_public then 1 end) as customer_comment_count,
        max(case when is_public and author_type in ('customer', 'human_agent') then created_at end)
            as last_public_comment_at,
        max(_loaded_at) as _loaded_at
    from comments
    group by ticket_id
),

status_change_arrivals as (
    select
        ticket_id,
        max(_loaded_at) as _loaded_at
    from status_changes
    group by ticket_id
),

status_summary as (
    select
        ticket_id,
        min(case when transition = 'solve' then transitioned_at end) as first_solved_at,
        max(case when transition = 'solve' then transitioned_at end) as last_solved_at,
        count(case when transition = 'solve' then 1 end) as solve_count,
        min(case when transition = 'reopen' then transitioned_at end) as first_reopened_at,
        count(case when transition = 'reopen' then 1 end) as reopen_count
    from transitions
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
        status_summary.first_solved_at,
        status_summary.last_solved_at,
        coalesce(status_summary.solve_count, 0) as solve_count,
        status_summary.first_reopened_at,
        coalesce(status_summary.reopen_count, 0) as reopen_count,
        comment_summary.first_human_reply_at,
        coalesce(comment_summary.human_reply_count, 0) as human_reply_count,
        coalesce(comment_summary.customer_comment_count, 0) as customer_comment_count,
        comment_summary.last_public_comment_at,
        {{ greatest_of(['tickets._loaded_at', 'comment_summary._loaded_at', 'status_change_arrivals._loaded_at']) }}
            as _loaded_at
    from tickets
    left join comment_summary on tickets.ticket_id = comment_summary.ticket_id
    left join status_summary on tickets.ticket_id = status_summary.ticket_id
    left join status_change_arrivals on tickets.ticket_id = status_change_arrivals.ticket_id
)

select * from final
