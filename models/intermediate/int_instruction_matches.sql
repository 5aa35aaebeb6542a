{{ config(**incremental_replace_config('instruction_id')) }}
{{ config(post_hook="{{ delete_vanished_instructions() }}") }}
-- depends_on: {{ ref('base_product_analytics__events') }}
{%- set match_inputs = [
    'instruction_id', 'conversation_id', 'customer_id', 'action_key', 'instructed_at', '_loaded_at',
    'is_known_action', 'window_hours', 'success_event', 'success_page_path', 'contrary_event',
] %}
-- One row per instruction of a contact (an `instruction_given` agent event of a conversation that is
-- a contact) with its action's window from the seed and the customer's product events matched in it:
-- the first success event and the number of contrary events in (instructed_at, window_ends_at].
-- Nothing here depends on as_of (fct_instructions decides maturity), so a row changes only when its
-- inputs change or a product event of its customer arrives in its window. Incremental (docs/
-- decisions.md D-1807): a run matches again exactly those instructions: the new ones and those whose
-- inputs (customer, time, action, the seed's window and events) differ from the stored row, and
-- those of a customer whose product event (any version of a key with a version arrived since the
-- watermark: old and new values both) falls in the window. Instructions that are gone are deleted
-- after the run (post-hook).
with instruction_events as (
    select
        event_id,
        conversation_id,
        occurred_at,
        action_key,
        _loaded_at
    from {{ ref('stg_agent_platform__agent_events') }}
    where event_type = 'instruction_given'
),

contacts as (
    select
        conversation_id,
        customer_id
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

product_events as (
    select
        customer_id,
        event_name,
        page_path,
        occurred_at
    from {{ ref('stg_product_analytics__events') }}
    where customer_id is not null
),

-- The only product events a window can match: 0.35% of the events of the large benchmark tier, so
-- the range join below reads those instead of every event (D-1807).
action_events as (
    select
        product_events.customer_id,
        product_events.event_name,
        product_events.page_path,
        product_events.occurred_at
    from product_events
    where
        product_events.event_name in (
            select actions.success_event from actions
            union
            select actions.contrary_event from actions
        )
),

-- Only instructions of contacts: test conversations are not contacts, so they drop out here.
instructions as (
    select
        instruction_events.event_id as instruction_id,
        instruction_events.conversation_id,
        contacts.customer_id,
        coalesce(lower(trim(instruction_events.action_key)), 'unknown') as action_key,
        instruction_events.occurred_at as instructed_at,
        instruction_events._loaded_at
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
        {{ add_hours('configured.instructed_at', 'configured.window_hours') }} as window_ends_at
    from configured
),
{%- if is_incremental() %}

-- Instructions that are new or whose inputs changed (set difference: nulls compare equal).
changed_inputs as (
    select {{ match_inputs | join(', ') }}
    from windowed
    except
    select {{ match_inputs | join(', ') }}
    from {{ this }}
),

-- Product-event versions that arrived since the watermark, and the earlier good versions of the
-- same keys (a redelivery can move an event out of a window: its old values must be looked at too).
arrived_events as (
    select
        _dq_key,
        customer_id,
        lower(event_name) as event_name,
        occurred_at
    from {{ ref('base_product_analytics__events') }}
    where {{ arrived_since('_loaded_at') }}
),

superseded_events as (
    select
        superseded._dq_key,
        superseded.customer_id,
        lower(superseded.event_name) as event_name,
        superseded.occurred_at
    from {{ ref('base_product_analytics__events') }} as superseded
    where
        superseded._dq_reason is null
        and superseded._dq_version_rank > 1
        and superseded._dq_key in (select arrived_events._dq_key from arrived_events)
),

changed_events as (
    select
        customer_id,
        event_name,
        occurred_at
    from arrived_events
    where customer_id is not null and occurred_at is not null
    union
    select
        customer_id,
        event_name,
        occurred_at
    from superseded_events
    where customer_id is not null and occurred_at is not null
),

touched_windows as (
    select windowed.instruction_id
    from windowed
    inner join changed_events
        on {{ in_instruction_window('windowed', 'changed_events') }}
),

{%- endif %}

scoped as (
    select windowed.*
    from windowed
    {%- if is_incremental() %}
        where
            windowed.instruction_id in (
                select changed_inputs.instruction_id from changed_inputs
                union
                select touched_windows.instruction_id from touched_windows
            )
    {%- endif %}
),

-- Product events of the same customer inside (instructed_at, window_ends_at]; events before the
-- instruction, after the window or by another customer never match.
window_events as (
    select
        scoped.instruction_id,
        action_events.occurred_at,
        action_events.event_name = scoped.success_event
        and (
            scoped.success_page_path is null
            or coalesce(action_events.page_path = scoped.success_page_path, false)
        ) as is_success_event,
        coalesce(action_events.event_name = scoped.contrary_event, false) as is_contrary_event
    from scoped
    inner join action_events
        on {{ in_instruction_window('scoped', 'action_events') }}
),

matched_events as (
    select
        instruction_id,
        min(case when is_success_event then occurred_at end) as first_success_at,
        {{ count_if('is_contrary_event') }} as contrary_event_count
    from window_events
    group by instruction_id
),

final as (
    select
        scoped.instruction_id,
        scoped.conversation_id,
        scoped.customer_id,
        scoped.action_key,
        scoped.instructed_at,
        scoped.is_known_action,
        scoped.window_hours,
        scoped.window_ends_at,
        scoped.success_event,
        scoped.success_page_path,
        scoped.contrary_event,
        matched_events.first_success_at,
        coalesce(matched_events.contrary_event_count, 0) as contrary_event_count,
        scoped._loaded_at
    from scoped
    left join matched_events on scoped.instruction_id = matched_events.instruction_id
)

select * from final
