-- Case facts: one row per contact with the resolution ladder, the outcome and the measures
-- every mart reads. Definitions: shared/spec/metrics.md and docs/decisions.md.
with contacts as (
    select * from {{ ref('int_contacts') }}
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

recontacts as (
    select
        contact_id,
        next_contact_id,
        seconds_to_next_contact,
        seconds_to_reopen
    from {{ ref('int_contact_recontacts') }}
),

ladder as (
    select
        contacts.*,
        as_of.as_of,
        case when contacts.first_handler = 'human_agent' then 'human' else 'ai' end as handler_branch,
        contacts.ai_message_count > 0 as is_ai_involved,
        contacts.ai_answer_count > 0 as is_ai_answered,
        contacts.first_handler <> 'human_agent'
        and (
            contacts.handoff_count > 0
            or contacts.human_message_count > 0
            or contacts.ticket_human_reply_count > 0
        ) as is_escalated,
        {{ least_of([
            'contacts.first_handoff_at', 'contacts.first_ticket_created_at', 'contacts.first_human_reply_at',
        ]) }} as escalated_at,
        case
            when contacts.escalation_ticket_count > 0 or contacts.contact_type = 'direct_ticket'
                then coalesce(contacts.are_tickets_solved_now, false)
            else
                coalesce(contacts.case_closed_by in ('human_agent', 'ai_agent'), false)
                or (contacts.ended_at is not null and contacts.human_reply_count > 0)
        end as is_human_solved
    from contacts
    cross join as_of
),

outcomes as (
    select
        ladder.*,
        case
            when handler_branch = 'human' and is_human_solved then 'human_resolved'
            when handler_branch = 'human' then 'human_unresolved'
            when is_escalated then 'escalated'
            when
                is_ai_answered
                and (last_ai_answer_feedback = 'positive' or has_confirmation_after_last_answer)
                then 'resolved_confirmed'
            when
                last_activity_at is not null
                and as_of < {{ add_hours('last_activity_at', var('resolution_inactivity_hours')) }}
                then 'pending'
            when not is_ai_answered then 'unassisted'
            when
                last_ai_answer_feedback = 'negative'
                or has_negative_message_after_last_answer
                or has_customer_message_after_last_answer
                then 'abandoned'
            else 'resolved_assumed'
        end as outcome
    from ladder
),

measures as (
    select
        outcomes.*,
        is_ai_involved and not is_escalated as is_deflected,
        is_ai_involved and not is_escalated
        and outcome in ('resolved_confirmed', 'resolved_assumed') as is_contained,
        case
            when outcome in ('resolved_confirmed', 'resolved_assumed') then last_ai_answer_at
            when outcome = 'human_resolved' then coalesce(tickets_solved_at, ended_at)
            when outcome = 'escalated' and are_tickets_solved_now then tickets_solved_at
        end as resolved_at,
        case
            when handler_branch = 'human' then started_at
            else coalesce(first_handoff_at, first_ticket_created_at)
        end as human_queue_started_at,
        {{ greatest_of(['ended_at', 'tickets_solved_at']) }} as recontact_clock_at
    from outcomes
),

surveys as (
    select
        contact_id,
        csat_score,
        ces_score,
        nps_score
    from {{ ref('int_contact_surveys') }}
),

cases as (
    select
        contact_id,
        case_id,
        contact_index_in_case
    from {{ ref('int_contact_cases') }}
),

recontact_flags as (
    select
        measures.*,
        recontacts.next_contact_id,
        cases.case_id,
        cases.contact_index_in_case,
        surveys.csat_score,
        surveys.ces_score,
        surveys.nps_score,
        {{ least_of(['recontacts.seconds_to_next_contact', 'recontacts.seconds_to_reopen']) }}
            as seconds_to_recontact,
        {%- for suffix, hours in var('recontact_windows').items() %}
            case
                when measures.customer_id is null or measures.recontact_clock_at is null then null
                when measures.as_of < {{ add_hours('measures.recontact_clock_at', hours) }} then null
                else
                    coalesce(recontacts.seconds_to_next_contact <= {{ hours * 3600 }}, false)
                    or coalesce(recontacts.seconds_to_reopen <= {{ hours * 3600 }}, false)
            end as is_recontacted_{{ suffix }},
        {%- endfor %}
        (measures.is_contained or measures.outcome = 'human_resolved') as is_resolved_first_time
    from measures
    left join recontacts on measures.contact_id = recontacts.contact_id
    left join cases on measures.contact_id = cases.contact_id
    left join surveys on measures.contact_id = surveys.contact_id
),

final as (
    select
        contact_id,
        contact_type,
        conversation_id,
        ticket_id,
        customer_id,
        account_id,
        customer_id is null as is_anonymous,
        channel,
        coalesce(intent, 'unknown') as intent,
        intent_cluster,
        started_at,
        ended_at,
        as_of,
        first_handler,
        handler_branch,
        agent_version,
        experiment_key,
        experiment_variant,
        language,
        is_ai_involved,
        is_ai_answered,
        is_escalated,
        is_deflected,
        is_contained,
        is_contained
        and has_intent_classified
        and policy_failure_count = 0
        and tool_failure_count = 0
        and coalesce(case_closed_by = 'ai_agent', false) as is_autonomously_resolved,
        outcome,
        outcome <> 'pending' as is_outcome_final,
        outcome in ('resolved_confirmed', 'resolved_assumed', 'human_resolved') as is_resolved,
        resolved_at,
        escalated_at,
        case when is_escalated then handoff_reason_code end as handoff_reason_code,
        case when is_escalated then handoff_initiated_by end as handoff_initiated_by,
        case when is_escalated then is_handoff_summary_provided end as is_handoff_summary_provided,
        has_human_request,
        has_confused_follow_up,
        has_info_given_before_human,
        has_human_asked_known_info,
        has_already_said_complaint,
        judge_verdict,
        ai_intent_confidence,
        case
            when is_ai_involved and first_ai_response_at is not null
                then {{ seconds_between('started_at', 'first_ai_response_at') }}
        end as ai_first_response_seconds,
        case
            when first_human_reply_at >= human_queue_started_at
                then {{ seconds_between('human_queue_started_at', 'first_human_reply_at') }}
        end as human_first_response_seconds,
        case
            when resolved_at >= started_at then {{ seconds_between('started_at', 'resolved_at') }}
        end as resolution_seconds,
        customer_message_count as turns,
        ai_message_count,
        ai_answer_count,
        human_reply_count,
        sentiment_start,
        sentiment_end,
        sentiment_end - sentiment_start as sentiment_trend,
        case
            when sentiment_end - sentiment_start >= {{ var('sentiment_band_threshold') }} then 'improving'
            when sentiment_end - sentiment_start <= -{{ var('sentiment_band_threshold') }} then 'declining'
            when sentiment_end is not null and sentiment_start is not null then 'stable'
        end as sentiment_band,
        has_intent_classified,
        tool_call_count,
        tool_failure_count,
        policy_check_count,
        policy_failure_count,
        critical_policy_failure_count,
        instruction_count,
        escalation_ticket_count,
        reopen_count,
        first_reopened_at,
        handle_minutes,
        ai_event_cost_usd,
        csat_score,
        ces_score,
        nps_score,
        case
            when handler_branch = 'human' then 'human_only'
            when is_escalated then 'post_handoff'
            when is_ai_involved then 'ai_only'
        end as csat_stream,
        case_id,
        contact_index_in_case,
        next_contact_id,
        seconds_to_recontact,
        {%- for suffix, hours in var('recontact_windows').items() %}
            is_recontacted_{{ suffix }},
            case
                when outcome = 'pending' then null
                when not is_resolved_first_time then false
                else not is_recontacted_{{ suffix }}
            end as is_fcr_{{ suffix }},
        {%- endfor %}
        case
            when not is_contained then false
            when judge_verdict = 'not_resolved' then false
            when sentiment_end <= {{ var('negative_sentiment_threshold') }} then false
            else not is_recontacted_{{ recontact_default_suffix() }}
        end as is_truly_resolved
    from recontact_flags
)

select * from final
