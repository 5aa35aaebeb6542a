{{
    config(
        materialized=incremental_materialization(),
        unique_key='conversation_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- The order of every event of a conversation (messages, agent events, escalation-ticket comments):
-- event_seq by time, then source, then id. Numbered here, on the events' keys alone, because a
-- window over the timeline's every column does not spill in DuckDB: on `xlarge` (55M events) it
-- ran out of memory at a 5 GB limit, while this narrow one completes (docs/decisions.md D-1816).
-- int_conversation_timeline joins it. Incremental by conversation, replacing the same
-- conversations as the timeline (macro timeline_changed_conversations_ctes).
with messages as {{ not_materialized() }} (
    select
        conversation_id,
        message_id,
        sent_at,
        _loaded_at
    from {{ ref('stg_agent_platform__messages') }}
),

agent_events as {{ not_materialized() }} (
    select
        conversation_id,
        event_id,
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
        created_at,
        _loaded_at
    from {{ ref('stg_helpdesk__ticket_comments') }}
),

{{ timeline_changed_conversations_ctes(ref('stg_agent_platform__conversations')) }}

events as (
    select
        conversation_id,
        'message' as event_source,
        message_id as event_id,
        sent_at as event_at,
        _loaded_at
    from messages
    union all
    select
        conversation_id,
        'agent_event' as event_source,
        event_id,
        occurred_at as event_at,
        _loaded_at
    from agent_events
    union all
    select
        tickets.conversation_id,
        'ticket_comment' as event_source,
        ticket_comments.comment_id as event_id,
        ticket_comments.created_at as event_at,
        {{ greatest_of(['ticket_comments._loaded_at', 'tickets._loaded_at']) }} as _loaded_at
    from ticket_comments
    inner join tickets on ticket_comments.ticket_id = tickets.ticket_id
),

-- Each bucket below reads `scoped`. In a full build it holds every event: DuckDB would copy them all
-- first, so it is inlined and each bucket reads its share from the sources. In an incremental run it
-- holds the changed conversations' events, and the copy finds that scope once (D-1837).
scoped as {{ not_materialized(inline=not is_incremental()) }} (
    select * from events
    {{ in_changed_conversations() }}
),

-- On DuckDB the window runs over one hash bucket of conversations at a time (window_buckets(),
-- D-1816): its memory is then a bucket's, and a bucket's rows spill while the next is numbered.
{%- set buckets = window_buckets() %}
final as (
    {%- for bucket in range(buckets) %}
        select
            conversation_id,
            event_source,
            event_id,
            row_number() over (
                partition by conversation_id
                order by event_at, event_source, event_id
            ) as event_seq,
            _loaded_at
        from scoped
        {% if buckets > 1 %}where {{ hash_bucket('conversation_id', buckets) }} = {{ bucket }}{% endif %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from final
