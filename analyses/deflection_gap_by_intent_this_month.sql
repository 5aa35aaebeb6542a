-- Which intents have the largest deflection gap this month?
-- "This month" = the calendar month of as_of (the latest instant in the data), never the wall clock.
-- Same populations as the marts (fct_contacts' flags, docs/decisions.md D-1705): deflection over
-- settled AI-involved contacts (is_ai_rate_eligible); true resolution over those whose verdict is
-- known (is_truly_resolved not null: the default re-contact window, var recontact_window_hours, has
-- passed). The month's last days have no true-resolution verdict yet, so the gap is provisional.
-- Compile with `dbt compile --select deflection_gap_by_intent_this_month`, then run the SQL in
-- target/compiled/support_truth/analyses/ against the warehouse (read-only).
with contacts as (
    select
        intent,
        intent_cluster,
        started_at,
        as_of,
        is_ai_rate_eligible,
        is_deflected,
        is_truly_resolved
    from {{ ref('fct_contacts') }}
),

this_month as (
    select
        intent,
        intent_cluster,
        is_ai_rate_eligible,
        is_deflected,
        is_truly_resolved,
        is_truly_resolved is not null as is_true_resolution_eligible
    from contacts
    where {{ month_start('started_at') }} = {{ month_start('as_of') }}
),

by_intent as (
    select
        intent,
        intent_cluster,
        {{ count_if('is_ai_rate_eligible') }} as ai_contacts,
        {{ count_if('is_ai_rate_eligible and is_deflected') }} as deflected,
        {{ count_if('is_true_resolution_eligible') }} as true_resolution_base,
        {{ count_if('is_true_resolution_eligible and is_truly_resolved') }} as truly_resolved
    from this_month
    group by intent, intent_cluster
),

gaps as (
    select
        intent,
        intent_cluster,
        ai_contacts,
        true_resolution_base,
        case when ai_contacts > 0 then 1.0 * deflected / ai_contacts end as deflection_rate,
        case when true_resolution_base > 0 then 1.0 * truly_resolved / true_resolution_base end as true_resolution_rate,
        case
            when ai_contacts > 0 and true_resolution_base > 0
                then 1.0 * deflected / ai_contacts - 1.0 * truly_resolved / true_resolution_base
        end as deflection_gap,
        true_resolution_base < {{ var('min_sample_size') }} as is_low_sample
    from by_intent
),

final as (
    select
        gaps.*,
        row_number() over (order by gaps.is_low_sample, gaps.deflection_gap desc nulls last, gaps.intent) as gap_rank
    from gaps
    order by gap_rank
)

select * from final
