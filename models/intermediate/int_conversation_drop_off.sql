-- One row per conversation with a customer message: the turn index of the customer's last message
-- (the drop-off turn: 1 = the customer left after their first message) and whether anything from
-- the AI answered that last message. The abandonment funnel joins it to fct_contacts' abandoned
-- contacts (docs/decisions.md D-701).
with customer_messages as (
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
        last_turns.conversation_id,
        last_turns.drop_off_turn,
        coalesce(ai_answers.last_ai_answer_seq > last_turns.last_customer_message_seq, false)
            as is_last_customer_message_answered
    from last_turns
    left join ai_answers on last_turns.conversation_id = ai_answers.conversation_id
)

select * from final
