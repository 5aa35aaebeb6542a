-- One row per conversation contact: the turn index of the customer's last message (the
-- drop-off turn: 1 = the customer left after their first message) and whether anything from
-- the AI answered that last message. The abandonment funnel reads the abandoned contacts.
with contacts as (
    select
        contact_id,
        conversation_id,
        intent,
        intent_cluster,
        outcome
    from {{ ref('fct_contacts') }}
    where conversation_id is not null
),

customer_messages as (
    select
        conversation_id,
        event_seq,
        cast(row_number() over (partition by conversation_id order by event_seq) as bigint) as turn_index
    from {{ ref('int_conversation_timeline') }}
    where is_customer_message
),

ai_answers as (
    select
        conversation_id,
        max(event_seq) as last_ai_answer_seq
    from {{ ref('int_conversation_timeline') }}
    where is_ai_answer
    group by conversation_id
),

last_turns as (
    select
        conversation_id,
        max(turn_index) as drop_off_turn,
        max(event_seq) as last_customer_message_seq
    from customer_messages
    group by conversation_id
),

final as (
    select
        contacts.contact_id,
        contacts.conversation_id,
        contacts.intent,
        contacts.intent_cluster,
        contacts.outcome,
        contacts.outcome = 'abandoned' as is_abandoned,
        coalesce(last_turns.drop_off_turn, 0) as drop_off_turn,
        coalesce(ai_answers.last_ai_answer_seq > last_turns.last_customer_message_seq, false)
            as is_last_customer_message_answered
    from contacts
    left join last_turns on contacts.conversation_id = last_turns.conversation_id
    left join ai_answers on contacts.conversation_id = ai_answers.conversation_id
)

select * from final
