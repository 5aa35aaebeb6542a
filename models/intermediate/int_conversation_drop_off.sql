-- One row per conversation with a customer message: the turn index of the customer's last message
-- (the drop-off turn: 1 = the customer left after their first message) and whether anything from
-- the AI answered that last message. The abandonment funnel joins it to fct_contacts' abandoned
-- contacts (docs/decisions.md D-701). The last message's turn index is the number of customer
-- messages (event_seq is unique per conversation), so one grouped pass needs no window.
with turns as (
    select
        conversation_id,
        is_customer_message,
        is_ai_answer,
        event_seq
    from {{ ref('int_conversation_timeline') }}
    where is_customer_message or is_ai_answer
),

last_turns as (
    select
        conversation_id,
        cast(count(case when is_customer_message then 1 end) as bigint) as drop_off_turn,
        max(case when is_customer_message then event_seq end) as last_customer_message_seq,
        max(case when is_ai_answer then event_seq end) as last_ai_answer_seq
    from turns
    group by conversation_id
),

final as (
    select
        conversation_id,
        drop_off_turn,
        coalesce(last_ai_answer_seq > last_customer_message_seq, false) as is_last_customer_message_answered
    from last_turns
    where drop_off_turn > 0
)

select * from final
