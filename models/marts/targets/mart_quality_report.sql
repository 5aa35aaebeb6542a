-- One row per finding: a headline metric of an intent cluster (or `all`) that misses its AI
-- target, or meets it without reaching best in class. Severity: critical when the shortfall is
-- more than var quality_critical_shortfall (share of the target), warning for any other miss,
-- info for room to best in class (only where the target has a best-in-class value). Low-sample and
-- empty scopes are not findings. docs/decisions.md D-615, D-1701.
{%- set recommendations = {
    'deflection_rate': 'Widen what the AI can answer: review unassisted and escalated contacts of this scope for missing knowledge or actions.',
    'containment_rate': 'Find why deflected contacts end abandoned or unanswered: read the last AI answers before customers give up.',
    'autonomous_resolution_rate': 'Contained contacts miss a workflow step: check intent classification, failed policy checks and tool calls, and who closed the case.',
    'true_resolution_rate': 'Contained contacts come back or end badly: check re-contacts, negative end sentiment and judge verdicts before counting them as resolved.',
    'automation_rate': 'Raise AI coverage and AI resolution together: route more contacts to the AI only where its resolution rate holds.',
    'escalation_rate': 'Review handoff reasons: fix low-confidence and tool-failure escalations on in-scope intents.',
    'abandonment_rate': 'Look at the drop-off turn: shorten answers, ask fewer clarifying questions and offer a human earlier.',
    'recontact_rate': 'Customers come back within ' ~ var('recontact_window_hours') ~ ' hours of a resolution: check that answers close the issue and instructions are followed.',
    'fcr_rate': 'Resolve on the first contact: reduce handoffs and re-contacts within ' ~ var('recontact_window_hours') ~ ' hours for this scope.',
    'csat_mean': 'Read low CSAT comments by stream (AI-only, post-handoff, human-only) to find the experience gap.',
    'csat_top2box_rate': 'Read low CSAT comments by stream (AI-only, post-handoff, human-only) to find the experience gap.',
    'ces_share_easy': 'Cut customer effort: fewer turns, fewer repeated questions, and no re-asking for known information.',
    'policy_compliance_score': 'Audit failed critical policy checks and tighten the guardrails before widening scope.',
    'first_response_seconds_p50': 'First responses are slow: check queue staffing for humans and latency for the AI.',
    'resolution_seconds_p50': 'Resolution takes too long: find the steps (handoff queues, tool calls) that add the delay.',
    'turns_mean': 'Conversations take too many turns: answer with the data already known and ask one clarifying question at most.',
    'ai_cost_per_resolution_usd': 'Each resolution costs too much: reduce failed AI attempts, expensive model calls and licence spread over few contacts.',
    'downstream_action_rate': 'Customers do not follow instructions: make instructions shorter, link the exact page and check the success event.',
    'context_lost_rate': 'Humans re-ask for known information: pass a handoff summary with order number and contact details.',
    'mean_resolution_confidence': 'The AI is unsure it resolved this cluster: read low-confidence contacts for missing confirmations and requests for a human.',
} %}
with scorecard as (
    select *
    from {{ ref('mart_intent_scorecard') }}
),

recommendations as (
    {%- for metric, text in recommendations.items() %}
        select
            '{{ metric }}' as metric,
            '{{ text }}' as recommendation
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

findings as (
    select
        scorecard.intent_cluster as scope,
        scorecard.metric,
        scorecard.status,
        scorecard.current_value,
        scorecard.ai_target as target,
        scorecard.target_source,
        scorecard.tier1_human,
        scorecard.best_in_class,
        scorecard.direction,
        scorecard.gap_to_ai_target as gap,
        scorecard.denominator,
        case
            when
                not scorecard.meets_ai_target
                and -scorecard.gap_to_ai_target
                > {{ var('quality_critical_shortfall') }} * abs(scorecard.ai_target)
                then 'critical'
            when not scorecard.meets_ai_target then 'warning'
            else 'info'
        end as severity,
        coalesce(recommendations.recommendation, 'Review this metric against its target.') as recommendation
    from scorecard
    left join recommendations on scorecard.metric = recommendations.metric
    where
        scorecard.current_value is not null
        and not scorecard.is_low_sample
        and scorecard.ai_target is not null
        and (not scorecard.meets_ai_target or scorecard.best_in_class is not null)
        and not coalesce(scorecard.meets_best_in_class, false)
),

ranked as (
    select
        findings.*,
        case findings.severity when 'critical' then 1 when 'warning' then 2 else 3 end as severity_rank,
        case when findings.target <> 0 then findings.gap / abs(findings.target) end as relative_gap
    from findings
),

final as (
    select
        cast(row_number() over (
            order by severity_rank, relative_gap, scope, metric
        ) as bigint) as finding_rank,
        scope,
        metric,
        status,
        severity,
        severity_rank,
        current_value,
        target,
        target_source,
        tier1_human,
        best_in_class,
        direction,
        gap,
        relative_gap,
        denominator,
        recommendation
    from ranked
)

select * from final
