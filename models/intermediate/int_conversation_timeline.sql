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
-- replaces every conversation that one of its input rows arrived for since the watermark. The
-- order of the events, event_seq, comes from int_conversation_event_sequence (D-1816).
with messages as {{ not_materialized() }} (
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

agent_events as {{ not_materialized() }} (
    select
        conversation_id,
        event_id,
        event_type,
        occurred_at,
        _loaded_at
    from {{ ref('stg_agent_platform__agent_events') }}
),

tickets as {{ not_materialized() }} (
    select
        ticket_id,
        conversation_id,
        _loaded_at
    from {{ ref('stg_helpdesk__tickets') }}
    where conversation_id is not null
),

ticket_comments as {{ not_materialized() }} (
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

{{ timeline_changed_conversations_ctes(ref('stg_agent_platform__conversations')) }}

-- The join to the events' order compares join_keys(), two expressions per side (the key's two parts;
-- on DuckDB two hashes of it, so that the join's table fits in memory on `xlarge`: D-1841).
{%- set sequence_keys = join_keys(['event_source', 'event_id']) %}
{%- set event_keys = join_keys(['classified.event_source', 'classified.event_id']) %}
event_sequence as (
    select
        {{ sequence_keys[0] }} as join_key_1,
        {{ sequence_keys[1] }} as join_key_2,
        event_seq
    from {{ ref('int_conversation_event_sequence') }}
    {{- in_changed_conversations() }}
),

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

-- The actor roles the text signals depend on.
roles as (
    select
        scoped.*,
        event_kind = 'message' and actor_type = 'ai_agent' as is_ai_message,
        is_customer_visible and actor_type = 'customer' as is_customer_message,
        is_customer_visible and actor_type = 'human_agent' as is_human_reply
    from scoped
),

-- Each text signal is `role and the pattern matches`, and the pattern is tested only on the events
-- of that role (macro matches_where, docs/decisions.md D-1843).
classified as (
    select
        roles.*,
        {{ matches_where('is_ai_message', 'body_masked', var('ai_greeting_regex')) }} as is_ai_greeting,
        {{ matches_where('is_ai_message', 'body_masked', var('ai_fallback_regex')) }} as is_ai_fallback,
        {{ matches_where('is_customer_message', 'body_masked', var('customer_confirmation_regex')) }}
            as is_confirmation,
        {{ matches_where('is_customer_message', 'body_masked', var('customer_requests_human_regex')) }}
            as is_human_request,
        {{ matches_where('is_customer_message', 'body_masked', var('customer_confused_regex')) }}
            as is_confused_follow_up,
        {{ matches_where('is_customer_message', 'body_masked', var('customer_already_said_regex')) }}
            as is_already_said_complaint,
        {{ matches_where('is_human_reply', 'body_masked', var('human_asks_known_info_regex')) }}
            as is_human_asking_known_info,
        {{ matches_where('is_customer_message', 'body_masked', var('customer_gave_info_regex')) }}
            as is_customer_giving_info
    from roles
),

sequenced as (
    select
        classified.*,
        event_sequence.event_seq
    from classified
    left join event_sequence
        on
            {{ event_keys[0] }} = event_sequence.join_key_1
            and {{ event_keys[1] }} = event_sequence.join_key_2
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
        is_confirmation,
        is_human_request,
        is_confused_follow_up,
        is_already_said_complaint,
        is_human_asking_known_info,
        is_customer_giving_info,
        event_seq,
        _loaded_at
    from sequenced
)

select * from final
