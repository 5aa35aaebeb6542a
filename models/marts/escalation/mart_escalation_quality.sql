-- Escalation quality per intent cluster x ISO week (plus intent_cluster = 'all'): how often the
-- AI hands off, whether it was right to, what the handoff cost the customer, and how the
-- post-handoff experience compares with going to a human directly.
with contacts as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        handler_branch,
        is_ai_involved,
        is_outcome_final,
        csat_score
    from {{ ref('fct_contacts') }}
),

escalations as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        escalation_status,
        is_ai_involved,
        is_escalation_appropriate,
        is_escalation_inappropriate,
        is_missed_escalation,
        is_handoff_summary_provided,
        is_context_lost,
        handoff_to_human_reply_seconds,
        is_resolved_after_handoff,
        csat_score
    from {{ ref('fct_escalations') }}
),

contact_side as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        {{ count_if("handler_branch = 'ai' and is_ai_involved") }} as ai_involved_contacts,
        {{ count_if("handler_branch = 'ai' and is_ai_involved and is_outcome_final") }} as ai_final_contacts,
        avg(cast(case when handler_branch = 'human' then csat_score end as {{ type_double() }}))
            as direct_to_human_csat_mean,
        {{ count_if("handler_branch = 'human' and csat_score is not null") }} as direct_to_human_csat_responses
    from contacts
    group by contact_week, cube(intent_cluster)
),

escalation_side as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        {{ count_if("escalation_status = 'escalated'") }} as escalations,
        {{ count_if("escalation_status = 'escalated' and is_ai_involved") }} as ai_involved_escalations,
        {{ count_if('is_escalation_appropriate') }} as appropriate_escalations,
        {{ count_if('is_escalation_inappropriate') }} as inappropriate_escalations,
        {{ count_if('is_missed_escalation') }} as missed_escalations,
        {{ count_if('is_missed_escalation and is_ai_involved') }} as ai_involved_missed_escalations,
        {{ count_if('is_handoff_summary_provided') }} as escalations_with_summary,
        {{ count_if('is_context_lost') }} as context_lost_escalations,
        {{ count_if('is_resolved_after_handoff') }} as resolved_after_handoff,
        {{ percentile_cont('handoff_to_human_reply_seconds', 0.5) }} as median_handoff_to_human_reply_seconds,
        avg(cast(case when escalation_status = 'escalated' then csat_score end as {{ type_double() }}))
            as post_handoff_csat_mean,
        {{ count_if("escalation_status = 'escalated' and csat_score is not null") }} as post_handoff_csat_responses
    from escalations
    group by contact_week, cube(intent_cluster)
),

joined as (
    select
        contact_side.intent_cluster,
        contact_side.contact_week,
        contact_side.ai_involved_contacts,
        contact_side.ai_final_contacts,
        coalesce(escalation_side.escalations, 0) as escalations,
        coalesce(escalation_side.ai_involved_escalations, 0) as ai_involved_escalations,
        coalesce(escalation_side.appropriate_escalations, 0) as appropriate_escalations,
        coalesce(escalation_side.inappropriate_escalations, 0) as inappropriate_escalations,
        coalesce(escalation_side.missed_escalations, 0) as missed_escalations,
        coalesce(escalation_side.ai_involved_missed_escalations, 0) as ai_involved_missed_escalations,
        coalesce(escalation_side.escalations_with_summary, 0) as escalations_with_summary,
        coalesce(escalation_side.context_lost_escalations, 0) as context_lost_escalations,
        coalesce(escalation_side.resolved_after_handoff, 0) as resolved_after_handoff,
        escalation_side.median_handoff_to_human_reply_seconds,
        escalation_side.post_handoff_csat_mean,
        coalesce(escalation_side.post_handoff_csat_responses, 0) as post_handoff_csat_responses,
        contact_side.direct_to_human_csat_mean,
        contact_side.direct_to_human_csat_responses
    from contact_side
    left join escalation_side
        on
            contact_side.intent_cluster = escalation_side.intent_cluster
            and contact_side.contact_week = escalation_side.contact_week
),

final as (
    select
        intent_cluster,
        contact_week,
        ai_involved_contacts,
        escalations,
        -- numerators restricted to AI-involved contacts so that they stay subsets of their denominators
        {{ rate_columns('escalation_rate', 'ai_involved_escalations', 'ai_involved_contacts') }},
        {{ rate_columns('appropriate_rate', 'appropriate_escalations', 'escalations') }},
        {{ rate_columns('inappropriate_rate', 'inappropriate_escalations', 'escalations') }},
        {{ rate_columns('missed_escalation_rate', 'ai_involved_missed_escalations', 'ai_final_contacts') }},
        {{ rate_columns('summary_provided_rate', 'escalations_with_summary', 'escalations') }},
        {{ rate_columns('context_lost_rate', 'context_lost_escalations', 'escalations') }},
        {{ rate_columns('post_handoff_resolution_rate', 'resolved_after_handoff', 'escalations') }},
        median_handoff_to_human_reply_seconds,
        post_handoff_csat_mean,
        post_handoff_csat_responses,
        direct_to_human_csat_mean,
        direct_to_human_csat_responses,
        post_handoff_csat_mean - direct_to_human_csat_mean as post_handoff_vs_direct_csat_gap
    from joined
)

select * from final
