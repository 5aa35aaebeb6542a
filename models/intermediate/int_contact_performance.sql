-- One row per contact with every input of the agent-performance metrics: fct_contacts' success
-- and population flags (read, never re-derived), clocks, surveys, costs. The daily and weekly performance marts and
-- the intent scorecard aggregate these rows with macro performance_metric_columns, so each
-- metric is defined once. docs/decisions.md D-604..D-610.
with contacts as (
    select
        contact_id,
        started_at,
        channel,
        intent,
        intent_cluster,
        handler_branch,
        outcome,
        is_outcome_final,
        is_outcome_settled,
        is_resolved,
        is_human_resolved,
        is_resolved_after_handoff,
        is_ai_involved,
        is_escalated,
        is_deflected,
        is_contained,
        is_autonomously_resolved,
        is_truly_resolved,
        is_ai_rate_eligible,
        is_ai_branch_rate_eligible,
        is_post_handoff_rate_eligible,
        is_recontacted,
        is_recontact_rate_eligible,
        is_fcr,
        is_ai_fcr,
        ai_first_response_seconds,
        human_first_response_seconds,
        resolution_seconds,
        turns,
        csat_stream,
        csat_score,
        ces_score,
        nps_score,
        policy_check_count,
        critical_policy_failure_count
    from {{ ref('fct_contacts') }}
),

costs as (
    select
        contact_id,
        ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd,
        ai_cost_usd,
        handle_minutes,
        human_cost_per_hour_usd,
        human_cost_usd,
        total_cost_usd
    from {{ ref('int_contact_costs') }}
),

final as (
    select
        contacts.contact_id,
        cast(contacts.started_at as date) as contact_date,
        {{ iso_week_start('contacts.started_at') }} as contact_week,
        {{ month_start('contacts.started_at') }} as contact_month,
        contacts.channel,
        contacts.intent,
        contacts.intent_cluster,
        contacts.handler_branch,
        contacts.outcome,
        contacts.is_outcome_final,
        contacts.is_outcome_settled,
        contacts.is_resolved,
        contacts.is_human_resolved,
        contacts.is_resolved_after_handoff,
        contacts.is_ai_involved,
        contacts.handler_branch = 'ai' as is_ai_branch,
        contacts.is_escalated,
        contacts.is_deflected,
        contacts.is_contained,
        contacts.is_autonomously_resolved,
        contacts.outcome = 'abandoned' as is_abandoned,
        contacts.is_truly_resolved,
        contacts.is_truly_resolved is not null as is_true_resolution_eligible,
        contacts.is_ai_rate_eligible,
        contacts.is_ai_branch_rate_eligible,
        contacts.is_post_handoff_rate_eligible,
        contacts.is_recontacted,
        contacts.is_recontact_rate_eligible,
        contacts.is_fcr,
        contacts.is_ai_fcr,
        contacts.ai_first_response_seconds,
        contacts.human_first_response_seconds,
        case
            when contacts.handler_branch = 'ai'
                then coalesce(contacts.ai_first_response_seconds, contacts.human_first_response_seconds)
            else contacts.human_first_response_seconds
        end as first_response_seconds,
        contacts.resolution_seconds,
        contacts.turns,
        contacts.csat_stream,
        contacts.csat_score,
        contacts.ces_score,
        contacts.nps_score,
        coalesce(contacts.policy_check_count, 0) > 0 as has_policy_checks,
        coalesce(contacts.critical_policy_failure_count, 0) > 0 as has_critical_policy_failure,
        costs.ai_event_cost_usd,
        costs.ai_licence_cost_usd,
        costs.ai_resolution_fee_usd,
        costs.ai_cost_usd,
        costs.handle_minutes,
        costs.human_cost_per_hour_usd,
        costs.human_cost_usd,
        costs.total_cost_usd
    from contacts
    inner join costs on contacts.contact_id = costs.contact_id
)

select * from final
