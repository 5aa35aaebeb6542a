-- Downstream action (docs/metrics.md): one row per `instruction_given` agent event of a contact.
-- Taken = the SAME customer fires the action's success event (on its page path, when the seed
-- sets one) within (instructed_at, instructed_at + window]; contrary = the contrary event in that
-- window. Outcomes are null until the window has closed at as_of, for anonymous contacts and for
-- action keys missing from the seed. Decisions: docs/decisions.md, "Downstream action".
with instruction_events as (
    select
        event_id,
        conversation_id,
        occurred_at,
        action_key
    from {{ ref('stg_agent_platform__agent_events') }}
    where event_type = 'instruction_given'
),

contacts as (
    select
        contact_id,
        conversation_id,
        customer_id,
        intent,
        intent_cluster
    from {{ ref('int_contacts') }}
    where contact_type = 'conversation'
),

actions as (
    select
        lower(action_key) as action_key,
        lower(success_event) as success_event,
        nullif(trim(success_page_path), '') as success_page_path,
        window_hours,
        lower(nullif(trim(contrary_event), '')) as contrary_event
    from {{ ref('downstream_actions') }}
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

product_events as (
    select
        event_id,
        customer_id,
        event_name,
        page_path,
        occurred_at
    from {{ ref('stg_product_analytics__events') }}
    where customer_id is not null
),

-- Only instructions of contacts: test conversations are not contacts, so they drop out here.
instructions as (
    select
        instruction_events.event_id as instruction_id,
        contacts.contact_id,
        contacts.conversation_id,
        contacts.customer_id,
        coalesce(contacts.intent, 'unknown') as intent,
        contacts.intent_cluster,
        coalesce(lower(trim(instruction_events.action_key)), 'unknown') as action_key,
        instruction_events.occurred_at as instructed_at
    from instruction_events
    inner join contacts on instruction_events.conversation_id = contacts.conversation_id
),

-- The seed's window; an empty window in the seed falls back to the default window.
configured as (
    select
        instructions.*,
        actions.action_key is not null as is_known_action,
        case
            when actions.action_key is not null
                then coalesce(actions.window_hours, {{ var('downstream_action_window_hours') }})
        end as window_hours,
        actions.success_event,
        actions.success_page_path,
        actions.contrary_event
    from instructions
    left join actions on instructions.action_key = actions.action_key
),

windowed as (
    select
        configured.*,
        {{ add_hours('configured.instructed_at', 'configured.window_hours') }} as window_ends_at,
        as_of.as_of
    from configured
    cross join as_of
),

-- Product events of the same customer inside (instructed_at, window_ends_at]; events before the
-- instruction, after the window or by another customer never match.
window_events as (
    select
        windowed.instruction_id,
        product_events.occurred_at,
        product_events.event_name = windowed.success_event
        and (
            windowed.success_page_path is null
            or coalesce(product_events.page_path = windowed.success_page_path, false)
        ) as is_success_event,
        coalesce(product_events.event_name = windowed.contrary_event, false) as is_contrary_event
    from windowed
    inner join product_events
        on
            windowed.customer_id = product_events.customer_id
            and product_events.occurred_at > windowed.instructed_at
            and product_events.occurred_at <= windowed.window_ends_at
            and product_events.event_name in (windowed.success_event, windowed.contrary_event)
),

matched_events as (
    select
        instruction_id,
        min(case when is_success_event then occurred_at end) as action_taken_at,
        {{ count_if('is_contrary_event') }} as contrary_event_count
    from window_events
    group by instruction_id
),

judged as (
    select
        windowed.*,
        coalesce(windowed.as_of >= windowed.window_ends_at, false) as is_window_closed,
        windowed.is_known_action
        and windowed.customer_id is not null
        and coalesce(windowed.as_of >= windowed.window_ends_at, false) as is_rate_eligible,
        matched_events.action_taken_at as matched_action_taken_at,
        coalesce(matched_events.contrary_event_count, 0) as contrary_event_count
    from windowed
    left join matched_events on windowed.instruction_id = matched_events.instruction_id
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
