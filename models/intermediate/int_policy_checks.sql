-- One row per policy_check agent event of a contact (test traffic excluded): which policy,
-- how severe, whether it passed, and the week of the contact.
with checks as (
    select
        event_id,
        conversation_id,
        policy_id,
        policy_severity,
        is_policy_passed
    from {{ ref('stg_agent_platform__agent_events') }}
    where event_type = 'policy_check'
),

contacts as (
    select
        contact_id,
        conversation_id,
        started_at
    from {{ ref('int_contacts') }}
    where conversation_id is not null
),

final as (
    select
        checks.event_id,
        contacts.contact_id,
        coalesce(checks.policy_id, 'unknown') as policy_id,
        coalesce(checks.policy_severity, 'unknown') as policy_severity,
        coalesce(checks.is_policy_passed, false) as is_passed,
        {{ iso_week_start('contacts.started_at') }} as contact_week
    from checks
    inner join contacts on checks.conversation_id = contacts.conversation_id
)

select * from final
