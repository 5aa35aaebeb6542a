-- One row: the date the AI agent went live. Var ai_launch_date wins; by default the first day
-- (reporting time zone) on which an AI agent message appears in a non-test conversation.
with conversations as (
    select conversation_id
    from {{ ref('stg_agent_platform__conversations') }}
    where not is_test
),

ai_messages as (
    select messages.sent_at
    from {{ ref('stg_agent_platform__messages') }} as messages
    inner join conversations on messages.conversation_id = conversations.conversation_id
    where messages.sender_type = 'ai_agent'
),

first_ai_message as (
    select min(sent_at) as first_ai_message_at
    from ai_messages
),

final as (
    select
        first_ai_message_at,
        {%- if var('ai_launch_date') is not none %}
            cast('{{ var("ai_launch_date") }}' as date) as ai_launch_date,
            'var' as ai_launch_date_source
        {%- else %}
            {{ local_date('first_ai_message_at') }} as ai_launch_date,
            'first_ai_message' as ai_launch_date_source
        {%- endif %}
    from first_ai_message
)

select * from final
