-- Escalation decisions: one row per AI-branch contact that was escalated, or that should have
-- been (a missed escalation). Grain chosen so appropriate, inappropriate and missed can be
-- read from one table; rates over all AI contacts take their denominator from fct_contacts, and
-- missed escalation, resolution after the handoff and settlement are fct_contacts' flags.
with contacts as (
    select * from {{ ref('fct_contacts') }}
    where handler_branch = 'ai'
),

intents as (
    select
        intent,
        is_ai_in_scope,
        needs_human,
        is_high_stakes
    from {{ ref('intent_catalogue') }}
),

reasons as (
    select
        reason_code,
        reason_category,
        is_expected_by_default
    from {{ ref('escalation_reasons') }}
),

judged as (
    select
        contacts.*,
        reasons.reason_category,
        coalesce(intents.needs_human, false) as intent_needs_human,
        coalesce(intents.is_high_stakes, false) as intent_is_high_stakes,
        coalesce(intents.is_ai_in_scope, false) as intent_is_ai_in_scope,
        coalesce(intents.needs_human, false)
        or coalesce(intents.is_high_stakes, false)
        or coalesce(reasons.is_expected_by_default, false) as is_expected_escalation
    from contacts
    left join intents on contacts.intent = intents.intent
    left join reasons on contacts.handoff_reason_code = reasons.reason_code
),

final as (
    select
        contact_id,
        conversation_id,
        ticket_id,
        customer_id,
        account_id,
        channel,
        intent,
        intent_cluster,
        started_at,
        contact_date,
        escalated_at,
        case when is_escalated then 'escalated' else 'missed' end as escalation_status,
        handoff_reason_code,
        reason_category,
        handoff_initiated_by,
        intent_needs_human,
        intent_is_high_stakes,
        intent_is_ai_in_scope,
        is_escalated and is_expected_escalation as is_escalation_appropriate,
        is_escalated
        and not is_expected_escalation
        and intent_is_ai_in_scope
        and handoff_reason_code in ({{ sql_list(var('inappropriate_escalation_reasons')) }})
            as is_escalation_inappropriate,
        coalesce(is_missed_escalation, false) as is_missed_escalation,
        is_handoff_summary_provided,
        is_escalated
        and ((has_info_given_before_human and has_human_asked_known_info) or has_already_said_complaint)
            as is_context_lost,
        human_first_response_seconds as handoff_to_human_reply_seconds,
        case when is_escalated then is_resolved_after_handoff end as is_resolved_after_handoff,
        is_post_handoff_rate_eligible,
        csat_score,
        outcome,
        is_ai_involved
    from judged
    where is_escalated or coalesce(is_missed_escalation, false)
)

select * from final
