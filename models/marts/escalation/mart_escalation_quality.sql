-- Escalation quality per intent cluster x ISO week (plus intent_cluster = 'all'): how often the
-- AI hands off, whether it was right to, what the handoff cost the customer, and how the
-- post-handoff experience compares with going to a human directly. Every rate reads the
-- population and success flags of fct_contacts / fct_escalations (D-1705): escalation rate over
-- settled AI-first contacts, post-handoff resolution and the per-escalation rates over settled
-- escalations, missed escalations over contacts that needed a human with true resolution known.
with contacts as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        handler_branch,
        is_escalated,
        is_ai_branch_rate_eligible,
        is_post_handoff_rate_eligible,
        is_resolved_after_handoff,
        is_missed_escalation,
        csat_score
    from {{ ref('fct_contacts') }}
),

escalations as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        is_escalation_appropriate,
        is_escalation_inappropriate,
        is_handoff_summary_provided,
        is_context_lost,
        handoff_to_human_reply_seconds,
        csat_score
    from {{ ref('fct_escalations') }}
    where is_post_handoff_rate_eligible
),

contact_side as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        {{ count_if('is_ai_branch_rate_eligible') }} as ai_first_contacts,
        {{ count_if('is_ai_branch_rate_eligible and is_escalated') }} as escalated_contacts,
        {{ count_if('is_post_handoff_rate_eligible') }} as settled_escalations,
        {{ count_if('is_post_handoff_rate_eligible and is_resolved_after_handoff') }} as resolved_after_handoff,
        count(is_missed_escalation) as needed_human_contacts,
        {{ count_if('is_missed_escalation') }} as missed_escalations,
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
        {{ count_if('is_escalation_appropriate') }} as appropriate_escalations,
        {{ count_if('is_escalation_inappropriate') }} as inappropriate_escalations,
        {{ count_if('is_handoff_summary_provided') }} as escalations_with_summary,
        {{ count_if('is_context_lost') }} as context_lost_escalations,
        {{ percentile_cont('handoff_to_human_reply_seconds', 0.5) }} as median_handoff_to_human_reply_seconds,
        avg(cast(csat_score as {{ type_double() }})) as post_handoff_csat_mean,
        count(csat_score) as post_handoff_csat_responses
    from escalations
    group by contact_week, cube(intent_cluster)
),

joined as (
    select
        contact_side.intent_cluster,
        contact_side.contact_week,
        contact_side.ai_first_contacts,
        contact_side.escalated_contacts,
        contact_side.settled_escalations,
        contact_side.resolved_after_handoff,
        contact_side.needed_human_contacts,
        contact_side.missed_escalations,
        coalesce(escalation_side.appropriate_escalations, 0) as appropriate_escalations,
        coalesce(escalation_side.inappropriate_escalations, 0) as inappropriate_escalations,
        coalesce(escalation_side.escalations_with_summary, 0) as escalations_with_summary,
        coalesce(escalation_side.context_lost_escalations, 0) as context_lost_escalations,
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
        ai_first_contacts,
        settled_escalations as escalations,
        {{ rate_columns('escalation_rate', 'escalated_contacts', 'ai_first_contacts') }},
        {{ rate_columns('appropriate_rate', 'appropriate_escalations', 'settled_escalations') }},
        {{ rate_columns('inappropriate_rate', 'inappropriate_escalations', 'settled_escalations') }},
        {{ rate_columns('missed_escalation_rate', 'missed_escalations', 'needed_human_contacts') }},
        {{ rate_columns('summary_provided_rate', 'escalations_with_summary', 'settled_escalations') }},
        {{ rate_columns('context_lost_rate', 'context_lost_escalations', 'settled_escalations') }},
        {{ rate_columns('post_handoff_resolution_rate', 'resolved_after_handoff', 'settled_escalations') }},
        median_handoff_to_human_reply_seconds,
        post_handoff_csat_mean,
        post_handoff_csat_responses,
        direct_to_human_csat_mean,
        direct_to_human_csat_responses,
        post_handoff_csat_mean - direct_to_human_csat_mean as post_handoff_vs_direct_csat_gap
    from joined
)

select * from final
