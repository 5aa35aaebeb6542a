-- Downstream action (docs/metrics.md): one row per `instruction_given` agent event of a contact.
-- Taken = the SAME customer fires the action's success event (on its page path, when the seed
-- sets one) within (instructed_at, instructed_at + window]; contrary = the contrary event in that
-- window. Outcomes are null until the window has closed at as_of, for anonymous contacts and for
-- action keys missing from the seed. Decisions: docs/decisions.md, "Downstream action".
with matches as (
    select * from {{ ref('int_instruction_matches') }}
),

contacts as (
    select
        contact_id,
        conversation_id,
        intent,
        intent_cluster
    from {{ ref('int_contacts') }}
    where contact_type = 'conversation'
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

-- The matching (the seed's window, the customer's product events in it) is as_of-free and built
-- incrementally in int_instruction_matches (D-1807); maturity at as_of is decided here.
windowed as (
    select
        matches.instruction_id,
        contacts.contact_id,
        matches.conversation_id,
        matches.customer_id,
        coalesce(contacts.intent, 'unknown') as intent,
        contacts.intent_cluster,
        matches.action_key,
        matches.instructed_at,
        matches.is_known_action,
        matches.window_hours,
        matches.window_ends_at,
        matches.success_event,
        matches.success_page_path,
        matches.contrary_event,
        matches.first_success_at,
        matches.contrary_event_count,
        as_of.as_of
    from matches
    inner join contacts on matches.conversation_id = contacts.conversation_id
    cross join as_of
),

judged as (
    select
        windowed.*,
        coalesce(windowed.as_of >= windowed.window_ends_at, false) as is_window_closed,
        windowed.is_known_action
        and windowed.customer_id is not null
        and coalesce(windowed.as_of >= windowed.window_ends_at, false) as is_rate_eligible,
        windowed.first_success_at as matched_action_taken_at
    from windowed
),

final as (
    select
        instruction_id,
        contact_id,
        conversation_id,
        customer_id,
        customer_id is null as is_anonymous,
        intent,
        intent_cluster,
        action_key,
        is_known_action,
        instructed_at,
        {{ local_date('instructed_at') }} as instructed_date,
        window_hours,
        window_ends_at,
        success_event,
        success_page_path,
        contrary_event,
        as_of,
        case when is_known_action then is_window_closed end as is_mature,
        is_rate_eligible,
        case when is_rate_eligible then matched_action_taken_at is not null end as is_action_taken,
        case
            when is_rate_eligible and contrary_event is not null then contrary_event_count > 0
        end as is_contrary_action,
        case when is_rate_eligible then matched_action_taken_at end as action_taken_at,
        case
            when is_rate_eligible then {{ seconds_between('instructed_at', 'matched_action_taken_at') }}
        end as seconds_to_action
    from judged
)

select * from final
