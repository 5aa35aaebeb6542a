{{
    config(
        materialized=incremental_materialization(),
        unique_key='conversation_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- One row per thing that happened in a conversation (messages, agent events, and the comments
-- and status changes of its escalation tickets), with the actor as recorded at event time and
-- the text signals every later model reads. Incremental (docs/decisions.md D-1503): each run
-- replaces every conversation that one of its input rows arrived for since the watermark.
with messages as (
    select
        conversation_id,
        message_id,
        sender_type,
        sent_at,
        body_masked,
        feedback,
        sentiment_score,
        _loaded_at
    from {{ ref('stg_agent_platform__messages') }}
),

agent_events as (
    select
        conversation_id,
        event_id,
        event_type,
        occurred_at,
        _loaded_at
    from {{ ref('stg_agent_platform__agent_events') }}
),

tickets as (
    select
        ticket_id,
        conversation_id,
        _loaded_at
    from {{ ref('stg_helpdesk__tickets') }}
    where conversation_id is not null
),

ticket_comments as (
    select
        ticket_id,
        comment_id,
        author_type,
        created_at,
        is_public,
        body_masked,
        _loaded_at
    from {{ ref('stg_helpdesk__ticket_comments') }}
),
{%- if is_incremental() %}
    {#- One watermark lookup for the four arrival tests below. #}
    {%- set arrived = arrived_since('_loaded_at') %}

    changed_tickets as (
        select ticket_id from tickets
        where {{ arrived }}
        union
        select ticket_id from ticket_comments
        where {{ arrived }}
    ),

    new_conversations as (
        select conversation_id from messages
        union
        select conversation_id from agent_events
        except
        select conversation_id from {{ this }}
    ),

    changed_conversations as (
        select conversation_id from messages
        where {{ arrived }}
        union
        select conversation_id from agent_events
        where {{ arrived }}
        union
        select conversation_id from tickets
        where ticket_id in (select changed_tickets.ticket_id from changed_tickets)
        union
        -- the conversation a re-linked ticket's comments were on before
        select existing.conversation_id from {{ this }} as existing
        where
            existing.event_source = 'ticket_comment'
            and existing.event_id in (
                select ticket_comments.comment_id from ticket_comments
                where ticket_comments.ticket_id in (select changed_tickets.ticket_id from changed_tickets)
            )
        union
        select conversation_id from new_conversations
    ),
{%- endif %}

events as (
    select
        conversation_id,
        'message' as event_source,
        message_id as event_id,
        'message' as event_kind,
        sender_type as actor_type,
        sent_at as event_at,
        true as is_customer_visible,
        body_masked,
        feedback,
        sentiment_score,
        _loaded_at
    from messages
    union all
    select
        conversation_id,
        'agent_event' as event_source,
        event_id,
        event_type as event_kind,
        'ai_agent' as actor_type,
        occurred_at as event_at,
        false as is_customer_visible,
        null as body_masked,
        null as feedback,
        null as sentiment_score,
        _loaded_at
    from agent_events
    union all
    select
        tickets.conversation_id,
        'ticket_comment' as event_source,
        ticket_comments.comment_id as event_id,
        'ticket_comment' as event_kind,
        ticket_comments.author_type as actor_type,
        ticket_comments.created_at as event_at,
        ticket_comments.is_public as is_customer_visible,
        ticket_comments.body_masked,
        null as feedback,
        null as sentiment_score,
        {{ greatest_of(['ticket_comments._loaded_at', 'tickets._loaded_at']) }} as _loaded_at
    from ticket_comments
    inner join tickets on ticket_comments.ticket_id = tickets.ticket_id
),

scoped as (
    select * from events
    {%- if is_incremental() %}
        where conversation_id in (select changed_conversations.conversation_id from changed_conversations)
    {%- endif %}
),

classified as (
    select
        scoped.*,
        event_kind = 'message' and actor_type = 'ai_agent' as is_ai_message,
        event_kind = 'message' and actor_type = 'ai_agent'
        and coalesce({{ regex_matches('body_masked', var('ai_greeting_regex')) }}, false) as is_ai_greeting,
        event_kind = 'message' and actor_type = 'ai_agent'
        and coalesce({{ regex_matches('body_masked', var('ai_fallback_regex')) }}, false) as is_ai_fallback,
        is_customer_visible and actor_type = 'customer' as is_customer_message,
        is_customer_visible and actor_type = 'human_agent' as is_human_reply,
        coalesce({{ regex_matches('body_masked', var('customer_confirmation_regex')) }}, false) as matches_confirmation,
        coalesce({{ regex_matches('body_masked', var('customer_requests_human_regex')) }}, false)
            as matches_human_request,
        coalesce({{ regex_matches('body_masked', var('customer_confused_regex')) }}, false) as matches_confusion,
        coalesce({{ regex_matches('body_masked', var('customer_already_said_regex')) }}, false) as matches_already_said,
        coalesce({{ regex_matches('body_masked', var('human_asks_known_info_regex')) }}, false)
            as matches_asks_known_info,
        coalesce({{ regex_matches('body_masked', var('customer_gave_info_regex')) }}, false) as matches_gave_info
    from scoped
),

final as (
    select
        conversation_id,
        event_source,
        event_id,
        event_kind,
        actor_type,
        event_at,
        is_customer_visible,
        body_masked,
        feedback,
        sentiment_score,
        is_ai_message,
        is_ai_greeting,
        is_ai_fallback,
        is_ai_message
        and not is_ai_greeting
        and not is_ai_fallback
        and coalesce(length(trim(body_masked)), 0) > 0 as is_ai_answer,
        is_customer_message,
        is_human_reply,
        is_customer_message and matches_confirmation as is_confirmation,
        is_customer_message and matches_human_request as is_human_request,
        is_customer_message and matches_confusion as is_confused_follow_up,
        is_customer_message and matches_already_said as is_already_said_complaint,
        is_human_reply and matches_asks_known_info as is_human_asking_known_info,
        is_customer_message and matches_gave_info as is_customer_giving_info,
        row_number() over (
            partition by conversation_id
            order by event_at, event_source, event_id
        ) as event_seq,
        _loaded_at
    from classified
)

select * from final
