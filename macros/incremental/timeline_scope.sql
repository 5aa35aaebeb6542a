{# The conversations an incremental run of the conversation timeline replaces (docs/decisions.md
   D-1503, D-1816, D-1822), shared by int_conversation_event_sequence and int_conversation_timeline
   so that both replace the same set. Expects CTEs messages and agent_events (conversation_id,
   _loaded_at), tickets (ticket_id, conversation_id, _loaded_at) and ticket_comments (ticket_id,
   comment_id, _loaded_at) in the calling model, whose own rows carry event_source and event_id;
   `conversations` is the staged conversations relation. On an incremental run, returns the CTEs
   changed_tickets and changed_conversations, each followed by a comma: a conversation with a
   message, agent event, ticket or comment arrived since the watermark, one that arrived itself (its
   messages and agent events held back as orphans are released then), and the conversation a
   re-linked ticket's comments were on before. Nothing on a full build. #}
{% macro timeline_changed_conversations_ctes(conversations) %}
    {%- if is_incremental() %}
    {#- One watermark lookup for the five arrival tests below. #}
    {%- set arrived = support_truth.arrived_since('_loaded_at') %}

changed_tickets as (
    select ticket_id from tickets
    where {{ arrived }}
    union
    select ticket_id from ticket_comments
    where {{ arrived }}
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
    -- a conversation that arrived: staging releases its orphans then, whatever their arrival
    select conversation_id from {{ conversations }}
    where {{ arrived }}
),
    {%- endif %}
{% endmacro %}
