-- Escalation rate by reason code per ISO week: escalations for each reason over the week's
-- settled AI-first contacts (fct_contacts.is_ai_branch_rate_eligible, the escalation rate's
-- population), and the reason's share of those escalations. An escalation without a handoff
-- event (a human simply replied) has reason `unknown`.
with escalations as (
    select
        coalesce(handoff_reason_code, 'unknown') as reason_code,
        coalesce(reason_category, 'unknown') as reason_category,
        {{ iso_week_start('started_at') }} as contact_week
    from {{ ref('fct_escalations') }}
    where escalation_status = 'escalated' and is_post_handoff_rate_eligible
),

ai_contacts as (
    select
        {{ iso_week_start('started_at') }} as contact_week,
        {{ count_if('is_ai_branch_rate_eligible') }} as ai_first_contacts,
        {{ count_if('is_ai_branch_rate_eligible and is_escalated') }} as escalations
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
