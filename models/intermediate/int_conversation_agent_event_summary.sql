{{ config(**incremental_replace_config('conversation_id')) }}
-- One row per conversation with agent telemetry: intent, workflow health, handoff, judge, cost.
-- Incremental (docs/decisions.md D-1806, D-1822): a row depends only on its conversation's staged
-- agent events, so each run replaces exactly the conversations the staging model replaced (the same
-- rule, macro changed_conversations_ctes: an event or the conversation arrived since the watermark).
with agent_events as {{ not_materialized() }} (
    select
        conversation_id,
        event_id,
        event_type,
        occurred_at,
        cost_usd,
        intent,
        intent_confidence,
        is_tool_success,
        is_policy_passed,
        policy_severity,
        handoff_reason_code,
        handoff_initiated_by,
        is_handoff_summary_provided,
        judge_verdict,
        closed_by,
        llm_input_tokens,
        llm_output_tokens,
        _loaded_at
    from {{ ref('stg_agent_platform__agent_events') }}
),

{{ changed_conversations_ctes('agent_events', ref('stg_agent_platform__conversations')) }}

-- Read twice below (the ranks and the rows). In a full build it holds every event: DuckDB would copy
-- them all first (23M on `xlarge`, spilling 1.9 GB), so it is inlined and each reader scans the staged
-- events. An incremental run keeps the copy of its few conversations' events (D-1841, as D-1837).
scoped_events as {{ not_materialized(inline=not is_incremental()) }} (
    select * from agent_events
    {{ in_changed_conversations() }}
),

-- Only the first or last event of four types is picked below, so only those events are ranked, and
-- by their keys alone: a window over every event with all its columns does not spill in DuckDB and
-- ran out of memory on `xlarge` at a 5 GB limit (docs/decisions.md D-1816).
ranked_events as (
    select
        event_id,
        row_number() over (
            partition by conversation_id, event_type order by occurred_at, event_id
        ) as seq_in_type,
        row_number() over (
            partition by conversation_id, event_type order by occurred_at desc, event_id desc
        ) as reverse_seq_in_type
    from scoped_events
    where event_type in ('intent_classified', 'handoff', 'resolution_check', 'case_closed')
),

ordered as (
    select
        scoped_events.*,
        ranked_events.seq_in_type,
        ranked_events.reverse_seq_in_type
    from scoped_events
    left join ranked_events on scoped_events.event_id = ranked_events.event_id
),

final as (
    select
        conversation_id,
        max(case when event_type = 'intent_classified' and seq_in_type = 1 then lower(intent) end) as ai_intent,
        max(case when event_type = 'intent_classified' and seq_in_type = 1 then intent_confidence end)
            as ai_intent_confidence,
        count(case when event_type = 'intent_classified' then 1 end) > 0 as has_intent_classified,
        count(case when event_type = 'tool_call' then 1 end) as tool_call_count,
        count(case when event_type = 'tool_call' and not coalesce(is_tool_success, false) then 1 end)
            as tool_failure_count,
        count(case when event_type = 'policy_check' then 1 end) as policy_check_count,
        count(case when event_type = 'policy_check' and not coalesce(is_policy_passed, false) then 1 end)
            as policy_failure_count,
        count(
            case
                when
                    event_type = 'policy_check' and not coalesce(is_policy_passed, false)
                    and policy_severity = 'critical' then 1
            end
        ) as critical_policy_failure_count,
        count(case when event_type = 'instruction_given' then 1 end) as instruction_count,
        count(case when event_type = 'handoff' then 1 end) as handoff_count,
        min(case when event_type = 'handoff' then occurred_at end) as first_handoff_at,
        max(case when event_type = 'handoff' and seq_in_type = 1 then handoff_reason_code end) as handoff_reason_code,
        max(case when event_type = 'handoff' and seq_in_type = 1 then handoff_initiated_by end)
            as handoff_initiated_by,
        {{ bool_or_agg("event_type = 'handoff' and seq_in_type = 1 and is_handoff_summary_provided") }}
            as is_handoff_summary_provided,
        max(case when event_type = 'resolution_check' and reverse_seq_in_type = 1 then judge_verdict end)
            as judge_verdict,
        max(case when event_type = 'case_closed' and reverse_seq_in_type = 1 then closed_by end) as case_closed_by,
        count(case when event_type = 'llm_call' then 1 end) as llm_call_count,
        sum(coalesce(llm_input_tokens, 0) + coalesce(llm_output_tokens, 0)) as llm_token_count,
        -- Summed as exact decimals: a parallel float sum varies in its last bits between runs, and an
        -- incremental model re-summing a conversation must give the same bits (D-1806).
        {{ as_double('sum(cast(cost_usd as decimal(18, 9)))') }} as ai_event_cost_usd,
        max(_loaded_at) as _loaded_at
    from ordered
    group by conversation_id
)

select * from final
