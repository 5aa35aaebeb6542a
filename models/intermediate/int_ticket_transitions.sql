-- One row per solve or reopen of a ticket, read from its status history in time order. A solve
-- is a change into solved or closed from any other status (solved -> closed is not a new
-- solve); a reopen is a change out of solved or closed. A ticket that is solved now but whose
-- history holds no solve is solved at its last update (same rule as int_ticket_summary).
-- Every solve is a resolution point of the ticket's contact (docs/decisions.md D-1702).
with tickets as (
    select
        ticket_id,
        conversation_id,
        status,
        created_at,
        updated_at
    from {{ ref('stg_helpdesk__tickets') }}
),

status_changes as (
    select
        ticket_id,
        status,
        changed_at,
        status in ('solved', 'closed') as is_solved_status
    from {{ ref('stg_helpdesk__ticket_status_changes') }}
),

sequenced as (
    select
        ticket_id,
        changed_at,
        is_solved_status,
        lag(is_solved_status) over (partition by ticket_id order by changed_at, status) as was_solved_status,
        max(case when is_solved_status then changed_at end) over (
            partition by ticket_id order by changed_at, status rows between unbounded preceding and 1 preceding
        ) as previous_solved_at
    from status_changes
),

history_transitions as (
    select
        ticket_id,
        case when is_solved_status then 'solve' else 'reopen' end as transition,
        changed_at as transitioned_at,
        case when not is_solved_status then previous_solved_at end as reopened_solve_at
    from sequenced
    where
        (is_solved_status and not coalesce(was_solved_status, false))
        or (not is_solved_status and coalesce(was_solved_status, false))
),

history_solves as (
    select distinct ticket_id
    from history_transitions
    where transition = 'solve'
),

solved_without_history as (
    select
        tickets.ticket_id,
        'solve' as transition,
        coalesce(tickets.updated_at, tickets.created_at) as transitioned_at,
        cast(null as timestamp) as reopened_solve_at
    from tickets
    left join history_solves on tickets.ticket_id = history_solves.ticket_id
    where tickets.status in ('solved', 'closed') and history_solves.ticket_id is null
),

transitions as (
    select * from history_transitions
    union all
    select * from solved_without_history
),

final as (
    select
        transitions.ticket_id,
        {{ contact_key('tickets.conversation_id', 'tickets.ticket_id') }} as contact_id,
        transitions.transition,
        transitions.transitioned_at,
        transitions.reopened_solve_at
    from transitions
    inner join tickets on transitions.ticket_id = tickets.ticket_id
)

select * from final
