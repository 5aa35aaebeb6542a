-- The journey, confidence and time marts reconcile with the facts they read: each roll-up level
-- of a mart totals the same count as fct_contacts (or the scored contacts), so no contact is lost
-- or counted twice. Returns one row per check whose mart total differs from the fact total.
with contacts as (
    select
        {{ count_if("outcome = 'abandoned' and conversation_id is not null") }} as abandoned_contacts,
        count(*) as contacts,
        {{ count_if('is_ai_involved') }} as ai_involved_ai_contacts,
        {{ count_if('is_ai_branch_rate_eligible and is_escalated') }} as ai_escalated_contacts,
        {{ count_if("handler_branch = 'human'") }} as human_contacts
    from {{ ref('fct_contacts') }}
),

scored as (
    select
        count(*) as scored_contacts,
        count(is_truly_resolved) as calibrated_contacts
    from {{ ref('fct_resolution_confidence') }}
),

funnel as (
    select
        sum(case when intent_cluster = 'all' and intent = 'all' then abandoned_contacts else 0 end) as total_level,
        sum(case when intent_cluster <> 'all' and intent = 'all' then abandoned_contacts else 0 end) as cluster_level,
        sum(case when intent <> 'all' then abandoned_contacts else 0 end) as intent_level
    from {{ ref('mart_abandonment_funnel') }}
),

sentiment as (
    select
        sum(case when intent_cluster = 'all' and intent = 'all' then contacts else 0 end) as total_level,
        sum(case when intent_cluster <> 'all' and intent = 'all' then contacts else 0 end) as cluster_level,
        sum(case when intent <> 'all' then contacts else 0 end) as intent_level
    from {{ ref('mart_sentiment_trajectory') }}
),

confidence as (
    select
        sum(case when intent_cluster = 'all' then scored_contacts else 0 end) as total_level,
        sum(case when intent_cluster <> 'all' then scored_contacts else 0 end) as cluster_level
    from {{ ref('mart_resolution_confidence') }}
),

deciles as (
    select sum(contacts) as total_level
    from {{ ref('mart_resolution_confidence_deciles') }}
),

peak as (
    select
        sum(case when intent_cluster = 'all' then ai_involved_contacts else 0 end) as total_level,
        sum(case when intent_cluster <> 'all' then ai_involved_contacts else 0 end) as cluster_level,
        sum(case when intent_cluster = 'all' then escalation_rate_numerator else 0 end) as escalated_total,
        sum(case when intent_cluster = 'all' then slots else 0 end) as slots_total
    from {{ ref('mart_peak_vs_offpeak') }}
),

baseline as (
    select
        sum(case when row_grain = 'period' then contacts else 0 end) as period_contacts,
        sum(case when row_grain = 'month' then contacts else 0 end) as month_contacts,
        sum(case when row_grain = 'period' then human_contacts else 0 end) as period_human_contacts,
        sum(case when row_grain = 'month' then human_contacts else 0 end) as month_human_contacts
    from {{ ref('mart_pre_ai_baseline') }}
),

checks as (
    select 'funnel_total' as check_name, funnel.total_level as mart_total, contacts.abandoned_contacts as fact_total
    from funnel cross join contacts
    union all
    select
        'funnel_clusters' as check_name,
        funnel.cluster_level as mart_total,
        contacts.abandoned_contacts as fact_total
    from funnel cross join contacts
    union all
    select 'funnel_intents' as check_name, funnel.intent_level as mart_total, contacts.abandoned_contacts as fact_total
    from funnel cross join contacts
    union all
    select 'sentiment_total' as check_name, sentiment.total_level as mart_total, contacts.contacts as fact_total
    from sentiment cross join contacts
    union all
    select 'sentiment_clusters' as check_name, sentiment.cluster_level as mart_total, contacts.contacts as fact_total
    from sentiment cross join contacts
    union all
    select 'sentiment_intents' as check_name, sentiment.intent_level as mart_total, contacts.contacts as fact_total
    from sentiment cross join contacts
    union all
    select 'confidence_total' as check_name, confidence.total_level as mart_total, scored.scored_contacts as fact_total
    from confidence cross join scored
    union all
    select
        'confidence_clusters' as check_name,
        confidence.cluster_level as mart_total,
        scored.scored_contacts as fact_total
    from confidence cross join scored
    union all
    select 'deciles_total' as check_name, deciles.total_level as mart_total, scored.calibrated_contacts as fact_total
    from deciles cross join scored
    union all
    select 'peak_total' as check_name, peak.total_level as mart_total, contacts.ai_involved_ai_contacts as fact_total
    from peak cross join contacts
    union all
    select
        'peak_clusters' as check_name,
        peak.cluster_level as mart_total,
        contacts.ai_involved_ai_contacts as fact_total
    from peak cross join contacts
    union all
    select
        'peak_escalated' as check_name,
        peak.escalated_total as mart_total,
        contacts.ai_escalated_contacts as fact_total
    from peak cross join contacts
    union all
    select
        'peak_slots' as check_name,
        peak.slots_total as mart_total,
        -- every hour-of-week slot once, as soon as there is any contact to place in one
        case when contacts.contacts > 0 then 168 else 0 end as fact_total
    from peak cross join contacts
    union all
    select 'baseline_periods' as check_name, baseline.period_contacts as mart_total, contacts.contacts as fact_total
    from baseline cross join contacts
    union all
    select 'baseline_months' as check_name, baseline.month_contacts as mart_total, contacts.contacts as fact_total
    from baseline cross join contacts
    union all
    select
        'baseline_human_periods' as check_name,
        baseline.period_human_contacts as mart_total,
        contacts.human_contacts as fact_total
    from baseline cross join contacts
    union all
    select
        'baseline_human_months' as check_name,
        baseline.month_human_contacts as mart_total,
        contacts.human_contacts as fact_total
    from baseline cross join contacts
),

final as (
    select
        check_name,
        mart_total,
        fact_total
    from checks
    where coalesce(mart_total, 0) <> coalesce(fact_total, 0)
)

select * from final
