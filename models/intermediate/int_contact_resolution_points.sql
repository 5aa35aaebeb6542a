-- One row per resolution point of an identified contact: its end, and every solve of any of its
-- tickets (direct or escalation, re-solves after a reopen included). Re-contact windows and
-- case chaining are measured from these points (docs/decisions.md D-1702).
with contacts as (
    select
        contact_id,
        ended_at
    from {{ ref('int_contacts') }}
    where customer_id is not null
),

solves as (
    select
        contact_id,
        transitioned_at
    from {{ ref('int_ticket_transitions') }}
    where transition = 'solve'
),

points as (
    select
        contact_id,
        'end' as point_kind,
        ended_at as point_at
    from contacts
    where ended_at is not null
    union all
    select
        solves.contact_id,
        'solve' as point_kind,
        solves.transitioned_at as point_at
    from solves
    inner join contacts on solves.contact_id = contacts.contact_id
),

final as (
    select distinct
        contact_id,
        point_kind,
        point_at
    from points
)

select * from final
