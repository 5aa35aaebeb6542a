-- One row per identified contact with at least one resolution point (int_contact_resolution_points:
-- its end and every solve of any of its tickets). It is re-contacted within w when another contact
-- of the same customer in the same scope (var recontact_match_scope) starts in (r, r + w] for
-- some resolution point r, or one of its tickets is reopened within w after a solve. Each gap is
-- measured from the resolution point the re-contact follows; only gaps within the longest window
-- are kept. Escalation tickets belong to their conversation's contact, so they can never be a
-- re-contact of it. Definitions: docs/decisions.md D-1702.
with contacts as (
    select * from {{ ref('int_contacts') }}
    where customer_id is not null
),

transitions as (
    select
        contact_id,
        transition,
        transitioned_at,
        reopened_solve_at
    from {{ ref('int_ticket_transitions') }}
),

resolution_points as (
    select
        contact_id,
        point_at
    from {{ ref('int_contact_resolution_points') }}
),

point_summary as (
    select
        contact_id,
        min(point_at) as first_resolution_point_at,
        max(point_at) as last_resolution_point_at
    from resolution_points
    group by contact_id
),

later_contacts as (
    select
        points.contact_id,
        later.contact_id as next_contact_id,
        later.started_at as next_started_at,
        {{ seconds_between('points.point_at', 'later.started_at') }} as seconds_to_next_contact
    from resolution_points as points
    inner join contacts as earlier on points.contact_id = earlier.contact_id
    inner join contacts as later
        on
            earlier.customer_id = later.customer_id
            and earlier.contact_id <> later.contact_id
            and later.started_at > points.point_at
            and later.started_at <= {{ add_hours('points.point_at', recontact_max_hours()) }}
            and {{ recontact_scope_condition('earlier', 'later') }}
),

ranked_later_contacts as (
    select
        contact_id,
        next_contact_id,
        seconds_to_next_contact,
        row_number() over (
            partition by contact_id order by seconds_to_next_contact, next_started_at, next_contact_id
        ) as gap_rank
    from later_contacts
),

reopens as (
    select
        contact_id,
        min({{ seconds_between('reopened_solve_at', 'transitioned_at') }}) as seconds_to_reopen
    from transitions
    where
        transition = 'reopen'
        and reopened_solve_at is not null
        and transitioned_at <= {{ add_hours('reopened_solve_at', recontact_max_hours()) }}
    group by contact_id
),

final as (
    select
        point_summary.contact_id,
        point_summary.first_resolution_point_at,
        point_summary.last_resolution_point_at,
        ranked_later_contacts.next_contact_id,
        ranked_later_contacts.seconds_to_next_contact,
        reopens.seconds_to_reopen,
        {{ least_of(['ranked_later_contacts.seconds_to_next_contact', 'reopens.seconds_to_reopen']) }}
            as seconds_to_recontact
    from point_summary
    left join ranked_later_contacts
        on point_summary.contact_id = ranked_later_contacts.contact_id and ranked_later_contacts.gap_rank = 1
    left join reopens on point_summary.contact_id = reopens.contact_id
)

select * from final
