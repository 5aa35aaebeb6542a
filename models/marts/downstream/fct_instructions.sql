-- Downstream action facts: one row per instruction the AI agent gave a customer in a contact,
-- with whether the customer then did it in the product. Logic: int_instruction_outcomes.
with instruction_outcomes as (
    select
        instruction_id,
        contact_id,
        conversation_id,
        customer_id,
        is_anonymous,
        intent,
        intent_cluster,
        action_key,
        is_known_action,
        instructed_at,
        window_hours,
        window_ends_at,
        success_event,
        success_page_path,
        contrary_event,
        as_of,
        is_mature,
        is_rate_eligible,
        is_action_taken,
        is_contrary_action,
        action_taken_at,
        seconds_to_action
    from {{ ref('int_instruction_outcomes') }}
),

final as (
    select
        instruction_id,
        contact_id,
        conversation_id,
        customer_id,
        is_anonymous,
        intent,
        intent_cluster,
        action_key,
        is_known_action,
        instructed_at,
        window_hours,
        window_ends_at,
        success_event,
        success_page_path,
        contrary_event,
        as_of,
        is_mature,
        is_rate_eligible,
        is_action_taken,
        is_contrary_action,
        action_taken_at,
        seconds_to_action
    from instruction_outcomes
)

select * from final
