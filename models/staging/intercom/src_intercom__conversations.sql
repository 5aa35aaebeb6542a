-- Intercom conversations (current version) in the shape of agent_platform.conversations.
-- first_handler: who answered first among the bot (ai_agent) and the admins (human_agent);
-- ended_at: the last part's time once the conversation is closed, null while open or snoozed.
with conversations as (
    select * from {{ ref('src_intercom__conversation_versions') }}
    where is_current
),

contacts as (
    select * from {{ ref('src_intercom__contacts') }}
),

answers as (
    select
        conversation_id,
        actor_type,
        created_at,
        row_number() over (partition by conversation_id order by created_at_utc, part_id) as answer_number
    from {{ ref('src_intercom__parts') }}
    where actor_type in ('ai_agent', 'human_agent') and body is not null and not is_note
),

last_parts as (
    select
        conversation_id,
        max(created_at_utc) as last_part_at
    from {{ ref('src_intercom__parts') }}
    group by conversation_id
),

final as (
    select
        conversations.conversation_id,
        case
            when conversations.source_author_type in ('user', 'lead', 'contact')
                then coalesce(contacts.customer_id, conversations.source_author_id)
        end as customer_id,
        case
            when conversations.source_type in ('conversation', 'chat', 'messenger') then 'chat'
            when conversations.source_type = 'email' then 'email'
            when conversations.source_type in ('phone_call', 'phone_switch', 'voice') then 'voice'
            when conversations.source_type in ('twitter', 'facebook', 'instagram', 'whatsapp') then 'social'
            else conversations.source_type
        end as channel,
        conversations.created_at as started_at,
        case
            when conversations.state = 'closed'
                then coalesce(cast(last_parts.last_part_at as {{ text_type() }}), conversations.updated_at)
        end as ended_at,
        answers.actor_type as first_handler,
        cast(null as {{ text_type() }}) as agent_version,
        cast(null as {{ text_type() }}) as experiment_key,
        cast(null as {{ text_type() }}) as experiment_variant,
        cast(null as {{ text_type() }}) as language,
        cast(null as {{ text_type() }}) as is_test,
        conversations.fivetran_synced as _loaded_at
    from conversations
    left join contacts on conversations.source_author_id = contacts.contact_id
    left join answers on conversations.conversation_id = answers.conversation_id and answers.answer_number = 1
    left join last_parts on conversations.conversation_id = last_parts.conversation_id
)

select * from final
