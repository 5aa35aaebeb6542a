-- One row per contact whose AI resolution is in question: the AI gave a substantive answer and no
-- human touched it (AI-answered and deflected; an escalated or unassisted contact is known not to
-- be an AI resolution). A 0-1 resolution confidence from what the conversation shows, before any
-- re-contact window has passed: base + the weight of every signal present (dict var
-- resolution_confidence_weights), clamped to [0, 1]. docs/decisions.md D-703..D-706.
{%- set weights = var('resolution_confidence_weights') %}
{%- set signal_names = [
    'confirmation', 'confused_follow_up', 'silence_after_long_answer',
    'negative_end_sentiment', 'action_taken', 'human_requested',
] %}
-- The scored contact's own columns, listed again in final: a select * would also carry fct_contacts'
-- has_confused_follow_up, whose name the conversation signal below takes.
with contacts as (
    select
        contact_id,
        conversation_id,
        intent,
        intent_cluster,
        started_at,
        outcome,
        is_outcome_final,
        is_truly_resolved,
        has_human_request,
        sentiment_end
    from {{ ref('fct_contacts') }}
    where is_ai_answered and is_deflected and conversation_id is not null
),

timeline as (
    select
        conversation_id,
        event_seq,
        feedback,
        body_masked,
        is_ai_answer,
        is_customer_message,
        is_confirmation,
        is_confused_follow_up
    from {{ ref('int_conversation_timeline') }}
    where is_ai_answer or is_customer_message
),

anchors as (
    select
        conversation_id,
        min(case when is_ai_answer then event_seq end) as first_ai_answer_seq,
        max(case when is_ai_answer then event_seq end) as last_ai_answer_seq
    from timeline
    group by conversation_id
),

conversation_signals as (
    select
        timeline.conversation_id,
        max(case
            when timeline.event_seq = anchors.last_ai_answer_seq then length(trim(timeline.body_masked))
        end) as last_ai_answer_chars,
        {{ bool_or_agg(
            "(timeline.event_seq = anchors.last_ai_answer_seq and timeline.feedback = 'positive')"
            ~ ' or (timeline.is_confirmation and timeline.event_seq > anchors.last_ai_answer_seq)') }}
            as has_confirmation,
        {{ bool_or_agg('timeline.is_confused_follow_up and timeline.event_seq > anchors.first_ai_answer_seq') }}
            as has_confused_follow_up,
        {{ bool_or_agg('timeline.is_customer_message and timeline.event_seq > anchors.last_ai_answer_seq') }}
            as has_customer_message_after_last_answer
    from timeline
    inner join anchors on timeline.conversation_id = anchors.conversation_id
    group by timeline.conversation_id
),

actions as (
    select
        contact_id,
        {{ bool_or_agg('is_action_taken') }} as has_action_taken
    from {{ ref('fct_instructions') }}
    group by contact_id
),

signals as (
    select
        contacts.contact_id,
        contacts.conversation_id,
        contacts.intent,
        contacts.intent_cluster,
        contacts.started_at,
        contacts.outcome,
        contacts.is_outcome_final,
        contacts.is_truly_resolved,
        conversation_signals.last_ai_answer_chars,
        coalesce(conversation_signals.has_confirmation, false) as has_confirmation,
        coalesce(conversation_signals.has_confused_follow_up, false) as has_confused_follow_up,
        coalesce(
            conversation_signals.last_ai_answer_chars >= {{ var('resolution_confidence_long_answer_chars') }}
            and not conversation_signals.has_customer_message_after_last_answer,
            false
        ) as has_silence_after_long_answer,
        coalesce(contacts.sentiment_end <= {{ var('negative_sentiment_threshold') }}, false)
            as has_negative_end_sentiment,
        coalesce(actions.has_action_taken, false) as has_action_taken,
        coalesce(contacts.has_human_request, false) as has_human_requested
    from contacts
    left join conversation_signals on contacts.conversation_id = conversation_signals.conversation_id
    left join actions on contacts.contact_id = actions.contact_id
),

scored as (
    select
        signals.*,
        cast({{ weights['base'] }} as {{ type_double() }})
        {%- for signal in signal_names %}
            + case when has_{{ signal }} then cast({{ weights[signal] }} as {{ type_double() }}) else 0.0 end
        {%- endfor %} as raw_score
    from signals
),

final as (
    select
        contact_id,
        conversation_id,
        intent,
        intent_cluster,
        started_at,
        outcome,
        is_outcome_final,
        is_truly_resolved,
        last_ai_answer_chars,
        has_confirmation,
        has_confused_follow_up,
        has_silence_after_long_answer,
        has_negative_end_sentiment,
        has_action_taken,
        has_human_requested,
        raw_score as resolution_confidence_raw,
        case
            when raw_score < 0 then cast(0 as {{ type_double() }})
            when raw_score > 1 then cast(1 as {{ type_double() }})
            else raw_score
        end as resolution_confidence
    from scored
)

select * from final
