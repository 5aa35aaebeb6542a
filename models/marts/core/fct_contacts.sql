-- Case facts: one row per contact with the resolution ladder, the outcome, the measures, and
-- for every rate its population and success flags: each rate is decided here once and every
-- mart, the semantic layer, alerts and experiments read these flags (docs/decisions.md
-- D-1701..D-1707). A population never depends on the outcome: a contact enters when its outcome
-- is knowable whatever it turns out to be. Re-contact flags exist per window of var
-- recontact_windows (is_recontacted_24h, ...) and, without a suffix, for the default window var
-- recontact_window_hours, which every rate reads (macro recontact_window_columns, D-1708).
-- Incremental (D-1820): a run replaces the contacts whose inputs changed or which mature between
-- the stored as_of and the new one (macro fct_contacts_scope_ctes); post-hooks delete the contacts
-- that are gone and set as_of on the rows kept. Each row carries _logic_fingerprint, a hash of the
-- rendered SQL below (`logic`: the rules with every var's value), so a run after a change of code or
-- vars recomputes every row that an older logic computed.
{{ config(
    contract={'enforced': recontact_windows_contract_enforced()},
    post_hook=['{{ delete_vanished_fct_contacts() }}', '{{ set_fct_contacts_as_of() }}'],
    **incremental_replace_config('contact_id')
) }}
{%- set recontact_clock = 'coalesce(recontacts.last_resolution_point_at, measures.started_at)' %}
-- The rules are rendered once into `logic` (hashed into _logic_fingerprint below); sqlfluff cannot
-- place the indentation of text rendered inside a set block, so LT02 is off for the block only.
-- noqa: disable=LT02
{%- set logic %}
as_of as (
    select as_of from {{ ref('int_as_of') }}
),

recontacts as (
    select
        contact_id,
        last_resolution_point_at,
        next_contact_id,
        seconds_to_recontact
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
        -- Resolved by a human (human branch, and AI contacts after a handoff: one rule): the
        -- tickets are solved now, or with no ticket, a human closed it or it ended after a human reply.
        contacts.escalation_ticket_count > 0 or contacts.contact_type = 'direct_ticket' as has_ticket_path,
        case
            when contacts.escalation_ticket_count > 0 or contacts.contact_type = 'direct_ticket'
                then coalesce(contacts.are_tickets_solved_now, false)
            else
                coalesce(contacts.case_closed_by in ('human_agent', 'ai_agent'), false)
                or (contacts.ended_at is not null and contacts.human_reply_count > 0)
        end as is_human_solved,
        -- The outcome is settled once the chat has been quiet (no message from anyone) for the
        -- inactivity window (a direct ticket: from its creation), whatever the outcome is (D-1703).
        {{ add_hours(
            "case when contacts.contact_type = 'conversation' then coalesce(contacts.last_message_at, contacts.ended_at, contacts.started_at) else contacts.started_at end",
            var('resolution_inactivity_hours')) }} as outcome_settles_at
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
        as_of >= outcome_settles_at as is_outcome_settled,
        outcome = 'escalated' and is_human_solved as is_resolved_after_handoff,
        outcome in ('resolved_confirmed', 'resolved_assumed', 'human_resolved')
        or (outcome = 'escalated' and is_human_solved) as is_resolved,
        -- Resolution after a human: the final solve of its tickets, else the end of the chat (D-1706).
        case
            when outcome in ('resolved_confirmed', 'resolved_assumed') then last_ai_answer_at
            when outcome in ('human_resolved', 'escalated') and is_human_solved and has_ticket_path
                then tickets_last_solved_at
            when outcome in ('human_resolved', 'escalated') and is_human_solved then ended_at
        end as resolved_at,
        case
            when handler_branch = 'human' then started_at
            else coalesce(first_handoff_at, first_ticket_created_at)
        end as human_queue_started_at
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
        recontacts.last_resolution_point_at,
        recontacts.next_contact_id,
        recontacts.seconds_to_recontact,
        cases.case_id,
        cases.contact_index_in_case,
        surveys.csat_score,
        surveys.ces_score,
        surveys.nps_score,
        -- The re-contact clock: the last resolution point, or the start for a contact with none.
        {{ recontact_clock }} as recontact_clock_at,
        {%- for suffix, hours in recontact_window_columns() %}
            case
                when measures.customer_id is null or recontacts.last_resolution_point_at is null then null
                when measures.as_of < {{ add_hours('recontacts.last_resolution_point_at', hours) }} then null
                else coalesce(recontacts.seconds_to_recontact <= {{ hours * 3600 }}, false)
            end as is_recontacted{{ suffix }},
            -- Outcome-free membership: settled, identified, and w past the clock (D-1704).
            measures.is_outcome_settled
            and measures.customer_id is not null
            and measures.as_of >= {{ add_hours(recontact_clock, hours) }} as is_window_passed{{ suffix }},
        {%- endfor %}
        measures.handler_branch = 'ai' and measures.is_ai_involved as is_ai_first_and_involved
    from measures
    left join recontacts on measures.contact_id = recontacts.contact_id
    left join cases on measures.contact_id = cases.contact_id
    left join surveys on measures.contact_id = surveys.contact_id
),

truth as (
    select
        recontact_flags.*,
        is_contained
        and has_intent_classified
        and policy_failure_count = 0
        and tool_failure_count = 0
        and (not intent_requires_backend_action or tool_call_count > 0)
        and coalesce(case_closed_by = 'ai_agent', false) as is_autonomously_resolved,
        case
            when not (is_ai_involved and is_window_passed) then null
            when not is_contained then false
            when judge_verdict = 'not_resolved' then false
            when sentiment_end <= {{ var('negative_sentiment_threshold') }} then false
            else not coalesce(is_recontacted, false)
        end as is_truly_resolved,
        intent_needs_human or has_human_request as is_escalation_needed,
        case
            when is_ai_involved and first_ai_response_at is not null
                then {{ seconds_between('started_at', 'first_ai_response_at') }}
        end as ai_first_response_seconds,
        case
            when first_human_reply_at >= human_queue_started_at
                then {{ seconds_between('human_queue_started_at', 'first_human_reply_at') }}
        end as human_first_response_seconds
    from recontact_flags
),

facts as (
    select
        contact_id,
        contact_type,
        conversation_id,
        ticket_id,
        customer_id,
        account_id,
        account_segment,
        customer_id is null as is_anonymous,
        channel,
        coalesce(intent, 'unknown') as intent,
        intent_cluster,
        cast(complexity_tier as bigint) as complexity_tier,
        started_at,
        {{ local_date('started_at') }} as contact_date,
        {{ iso_week_start('started_at') }} as contact_week,
        {{ month_start('started_at') }} as contact_month,
        ended_at,
        as_of,
        first_handler,
        handler_branch,
        handler_branch = 'ai' as is_ai_branch,
        agent_version,
        experiment_key,
        experiment_variant,
        language,
        is_ai_involved,
        is_ai_answered,
        is_escalated,
        is_deflected,
        is_contained,
        is_autonomously_resolved,
        outcome,
        outcome <> 'pending' as is_outcome_final,
        outcome = 'abandoned' as is_abandoned,
        is_outcome_settled,
        outcome_settles_at,
        is_resolved,
        is_resolved_after_handoff,
        outcome = 'human_resolved' or is_resolved_after_handoff as is_human_resolved,
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
        ai_first_response_seconds,
        human_first_response_seconds,
        -- First response of any handler: the AI's on the AI branch (the human's when the AI never answered).
        case
            when handler_branch = 'ai' then coalesce(ai_first_response_seconds, human_first_response_seconds)
            else human_first_response_seconds
        end as first_response_seconds,
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
        coalesce(policy_check_count, 0) > 0 as has_policy_checks,
        coalesce(critical_policy_failure_count, 0) > 0 as has_critical_policy_failure,
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
        last_resolution_point_at,
        recontact_clock_at,
        next_contact_id,
        seconds_to_recontact,
        {{ var('recontact_window_hours') }} as recontact_window_hours,
        {%- for suffix, hours in recontact_window_columns() %}
            is_recontacted{{ suffix }},
            -- FCR (customer's view): resolved, escalated-and-resolved included, and not re-contacted.
            case
                when is_window_passed{{ suffix }} then is_resolved and not coalesce(is_recontacted{{ suffix }}, false)
            end as is_fcr{{ suffix }},
            -- AI FCR: AI-first, AI-involved contacts; only containment counts (a handoff never does).
            case
                when is_window_passed{{ suffix }} and is_ai_first_and_involved
                    then is_contained and not coalesce(is_recontacted{{ suffix }}, false)
            end as is_ai_fcr{{ suffix }},
            -- Re-contact rate population: settled, resolved, and the flag known.
            case
                when is_resolved and is_outcome_settled then is_recontacted{{ suffix }} is not null
                else false
            end as is_recontact_rate_eligible{{ suffix }},
        {%- endfor %}
        -- Population of the resolution / re-contact time ratio (D-1707): re-contacted within the
        -- default window among its re-contact population, so both medians cover the same contacts.
        is_resolved and is_outcome_settled and coalesce(is_recontacted, false) as is_recontact_ratio_eligible,
        is_truly_resolved,
        is_truly_resolved is not null as is_true_resolution_eligible,
        -- Rate populations (D-1705): each rate's denominator, decided here once.
        is_outcome_settled and is_ai_involved as is_ai_rate_eligible,
        is_outcome_settled and handler_branch = 'ai' as is_ai_branch_rate_eligible,
        is_outcome_settled and handler_branch = 'ai' and is_escalated as is_post_handoff_rate_eligible,
        is_escalation_needed,
        -- Missed escalation: a human was needed or asked for, the AI kept it and did not truly
        -- resolve it; null outside AI-first, AI-involved contacts that needed a human and whose
        -- true resolution is known (escalated ones included: they are the successes).
        case
            when handler_branch = 'ai' and is_escalation_needed and is_truly_resolved is not null
                then not is_escalated and not is_truly_resolved
        end as is_missed_escalation,
        _loaded_at
    from truth
)
{%- endset %}
-- noqa: enable=LT02
{%- set logic_fingerprint = logic_fingerprint_text(logic) %}
{%- set scoped = incremental_scoped(['_loaded_at', '_logic_fingerprint']) %}

with
{{- fct_contacts_scope_ctes(logic_fingerprint, scoped) }}

contacts as (
    select * from {{ ref('int_contacts') }}
    {%- if scoped %}
    where contact_id in (select scoped_contacts.contact_id from scoped_contacts)
    {%- endif %}
),

{{ logic }},

final as (
    select
        facts.*,
        '{{ logic_fingerprint }}' as _logic_fingerprint
    from facts
)

select * from final
