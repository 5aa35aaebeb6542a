-- Where do handoffs lose context? Escalations by reason code and whether the AI passed a summary,
-- with the share in which the human asked again for information the customer had already given
-- (is_context_lost) and the median wait for the first human reply. Whole period, AI-first contacts.
with escalations as (
    select
        coalesce(handoff_reason_code, 'unknown') as reason_code,
        coalesce(is_handoff_summary_provided, false) as is_summary_provided,
        is_context_lost,
        handoff_to_human_reply_seconds
    from {{ ref('fct_escalations') }}
    where escalation_status = 'escalated'
),

by_reason as (
    select
        reason_code,
        is_summary_provided,
        count(*) as escalations,
        {{ count_if('is_context_lost') }} as context_lost,
        {{ percentile_cont('handoff_to_human_reply_seconds', 0.5) }} as median_seconds_to_human_reply
    from escalations
    group by reason_code, is_summary_provided
),

final as (
    select
        reason_code,
        is_summary_provided,
        escalations,
        context_lost,
        1.0 * context_lost / escalations as context_lost_rate,
        {{ wilson_lower('context_lost', 'escalations') }} as context_lost_rate_lower,
        {{ wilson_upper('context_lost', 'escalations') }} as context_lost_rate_upper,
        median_seconds_to_human_reply
    from by_reason
    order by context_lost_rate desc, escalations desc
)

select * from final
