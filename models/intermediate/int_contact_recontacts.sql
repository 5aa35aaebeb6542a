-- One row per identified contact that has ended: the next contact of the same customer in the
-- same scope (var recontact_match_scope) that started within (ended_at, ended_at + 7 days], and
-- the first reopen of its ticket after the solve. Escalation tickets are part of their
-- conversation's contact, so they can never be a re-contact of it.
with contacts as (
    select
        contact_id,
        customer_id,
        intent,
        coalesce(intent_cluster, 'unknown') as intent_cluster,
        started_at,
        ended_at,
        tickets_solved_at,
        first_reopened_at
    from {{ ref('int_contacts') }}
    where customer_id is not null
),

later_contacts as (
    select
        earlier.contact_id,
        later.contact_id as next_contact_id,
        later.started_at as next_started_at,
        row_number() over (
            partition by earlier.contact_id order by later.started_at, later.contact_id
        ) as next_rank
    from contacts as earlier
    inner join contacts as later
        on
            earlier.customer_id = later.customer_id
            and earlier.contact_id <> later.contact_id
            and later.started_at > earlier.ended_at
            and later.started_at <= {{ add_hours('earlier.ended_at', recontact_max_hours()) }}
            and {{ recontact_scope_condition('earlier', 'later') }}
),

final as (
    select
        contacts.contact_id,
        contacts.ended_at,
        later_contacts.next_contact_id,
        case
            when later_contacts.next_started_at is not null
                then {{ seconds_between('contacts.ended_at', 'later_contacts.next_started_at') }}
        end as seconds_to_next_contact,
        case
            when contacts.first_reopened_at > contacts.tickets_solved_at
                then {{ seconds_between('contacts.tickets_solved_at', 'contacts.first_reopened_at') }}
        end as seconds_to_reopen
    from contacts
    left join later_contacts
        on contacts.contact_id = later_contacts.contact_id and later_contacts.next_rank = 1
    where contacts.ended_at is not null
)

select * from final
