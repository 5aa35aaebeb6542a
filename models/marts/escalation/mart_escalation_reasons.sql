-- Escalation rate by reason code per ISO week: escalations for each reason over the week's
-- AI-first contacts (every escalation comes from one), and the reason's share of the week's escalations. An escalation
-- without a handoff event (a human simply replied) has reason `unknown`.
with escalations as (
    select
        coalesce(handoff_reason_code, 'unknown') as reason_code,
        coalesce(reason_category, 'unknown') as reason_category,
        {{ iso_week_start('started_at') }} as contact_week
    from {{ ref('fct_escalations') }}
    where escalation_status = 'escalated'
),

ai_contacts as (
    select
        {{ iso_week_start('started_at') }} as contact_week,
        {{ count_if("handler_branch = 'ai'") }} as ai_first_contacts,
        {{ count_if("handler_branch = 'ai' and is_escalated") }} as escalations
    from {{ ref('fct_contacts') }}
    group by {{ iso_week_start('started_at') }}
),

by_reason as (
    select
        reason_code,
        max(reason_category) as reason_category,
        contact_week,
        count(*) as reason_escalations
    from escalations
    group by reason_code, contact_week
),

final as (
    select
        by_reason.reason_code,
        by_reason.reason_category,
        by_reason.contact_week,
        ai_contacts.ai_first_contacts,
        ai_contacts.escalations,
        {{ rate_columns('reason_escalation_rate', 'by_reason.reason_escalations', 'ai_contacts.ai_first_contacts') }},
        {{ rate_columns('share_of_escalations', 'by_reason.reason_escalations', 'ai_contacts.escalations') }}
    from by_reason
    inner join ai_contacts on by_reason.contact_week = ai_contacts.contact_week
)

select * from final
