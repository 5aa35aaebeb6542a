-- Intercom messages in the shape of agent_platform.messages: the conversation's opening message
-- (source_body, id <conversation_id>:source) and every customer-visible part with a body (not
-- notes). Bot parts (Fin) are ai_agent messages, admin parts human_agent, contact parts customer.
with conversations as (
    select * from {{ ref('src_intercom__conversation_versions') }}
    where is_current
),

parts as (
    select * from {{ ref('src_intercom__parts') }}
    where body is not null and not is_note
),

opening_messages as (
    select
        conversation_id || ':source' as message_id,
        conversation_id,
        case
            when source_author_type in ('user', 'lead', 'contact') then 'customer'
            when source_author_type = 'bot' then 'ai_agent'
            when source_author_type = 'admin' then 'human_agent'
            else source_author_type
        end as sender_type,
        source_author_id as sender_id,
        created_at as sent_at,
        source_body as body,
        fivetran_synced as _loaded_at
    from conversations
    where source_body is not null
),

part_messages as (
    select
        part_id as message_id,
        conversation_id,
        actor_type as sender_type,
        author_id as sender_id,
        created_at as sent_at,
        body,
        fivetran_synced as _loaded_at
    from parts
),

unioned as (
    select * from opening_messages
    union all
    select * from part_messages
),

-- agent_platform.messages' columns in contract order, as stg_agent_platform__messages stages them
final as (
    select
        message_id,
        conversation_id,
        sender_type,
        sender_id,
        sent_at,
        body,
        cast(null as {{ text_type() }}) as feedback,
        cast(null as {{ text_type() }}) as sentiment_score,
        _loaded_at
    from unioned
)

select * from final
