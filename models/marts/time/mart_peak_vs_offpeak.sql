-- Resolution metrics of contacts that started in peak hour-of-week slots (reporting time zone, top var
-- peak_slot_share of slots by contact volume, int_hour_of_week_slots) vs the other slots, per
-- intent cluster and 'all', plus the difference peak - off-peak of each rate on the peak row.
-- Every rate reads fct_contacts' population and success flags, so peak + off-peak add up to the
-- whole-period rate of the performance marts (D-1705).
with slots as (
    select
        hour_of_week,
        is_peak
    from {{ ref('int_hour_of_week_slots') }}
),

contacts as (
    select
        intent_cluster,
        is_ai_involved,
        is_escalated,
        is_contained,
        is_truly_resolved,
        is_ai_rate_eligible,
        is_ai_branch_rate_eligible,
        outcome = 'abandoned' as is_abandoned,
        {{ hour_of_week('started_at') }} as hour_of_week
    from {{ ref('fct_contacts') }}
),

labelled as (
    select
        contacts.intent_cluster,
        contacts.is_ai_involved,
        contacts.is_escalated,
        contacts.is_contained,
        contacts.is_truly_resolved,
        contacts.is_ai_rate_eligible,
        contacts.is_ai_branch_rate_eligible,
        contacts.is_abandoned,
        case when slots.is_peak then 'peak' else 'off_peak' end as slot_period
    from contacts
    inner join slots on contacts.hour_of_week = slots.hour_of_week
),

aggregated as (
    select
        slot_period,
        coalesce(intent_cluster, 'all') as intent_cluster,
        {{ count_if('is_ai_involved') }} as ai_involved_contacts,
        {{ rate_columns(
            'escalation_rate', count_if('is_ai_branch_rate_eligible and is_escalated'), count_if('is_ai_branch_rate_eligible')) }},
        {{ rate_columns(
            'containment_rate', count_if('is_ai_rate_eligible and is_contained'), count_if('is_ai_rate_eligible')) }},
        {{ rate_columns(
            'abandonment_rate', count_if('is_ai_branch_rate_eligible and is_abandoned'), count_if('is_ai_branch_rate_eligible')) }},
        {{ rate_columns('true_resolution_rate', count_if('is_truly_resolved'), 'count(is_truly_resolved)') }}
    from labelled
    group by slot_period, cube(intent_cluster)
),

peak_slots as (
    select
        {{ count_if('is_peak') }} as peak_slots,
        count(*) as slots
    from slots
),

off_peak as (
    select
        intent_cluster,
        escalation_rate,
        containment_rate,
        abandonment_rate,
        true_resolution_rate
    from aggregated
    where slot_period = 'off_peak'
),

final as (
    select
        aggregated.slot_period,
        aggregated.intent_cluster,
        case
            when aggregated.slot_period = 'peak' then peak_slots.peak_slots
            else peak_slots.slots - peak_slots.peak_slots
        end as slots,
        aggregated.ai_involved_contacts,
        aggregated.escalation_rate_numerator,
        aggregated.escalation_rate_denominator,
        aggregated.escalation_rate,
        aggregated.escalation_rate_lower,
        aggregated.escalation_rate_upper,
        aggregated.escalation_rate_is_low_sample,
        aggregated.containment_rate_numerator,
        aggregated.containment_rate_denominator,
        aggregated.containment_rate,
        aggregated.containment_rate_lower,
        aggregated.containment_rate_upper,
        aggregated.containment_rate_is_low_sample,
        aggregated.abandonment_rate_numerator,
        aggregated.abandonment_rate_denominator,
        aggregated.abandonment_rate,
        aggregated.abandonment_rate_lower,
        aggregated.abandonment_rate_upper,
        aggregated.abandonment_rate_is_low_sample,
        aggregated.true_resolution_rate_numerator,
        aggregated.true_resolution_rate_denominator,
        aggregated.true_resolution_rate,
        aggregated.true_resolution_rate_lower,
        aggregated.true_resolution_rate_upper,
        aggregated.true_resolution_rate_is_low_sample,
        case
            when aggregated.slot_period = 'peak' then aggregated.escalation_rate - off_peak.escalation_rate
        end as escalation_rate_diff_vs_off_peak,
        case
            when aggregated.slot_period = 'peak' then aggregated.containment_rate - off_peak.containment_rate
        end as containment_rate_diff_vs_off_peak,
        case
            when aggregated.slot_period = 'peak' then aggregated.abandonment_rate - off_peak.abandonment_rate
        end as abandonment_rate_diff_vs_off_peak,
        case
            when aggregated.slot_period = 'peak'
                then aggregated.true_resolution_rate - off_peak.true_resolution_rate
        end as true_resolution_rate_diff_vs_off_peak
    from aggregated
    cross join peak_slots
    left join off_peak on aggregated.intent_cluster = off_peak.intent_cluster
)

select * from final
