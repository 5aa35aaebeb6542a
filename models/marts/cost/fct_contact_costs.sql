-- Cost facts: one row per contact with its AI and human cost and the flags the cost-per-resolution
-- ratios filter on, so BI tools and the semantic layer read costs from a mart (the allocation
-- logic stays in int_contact_costs; docs/decisions.md D-601..D-603, D-1104).
with contact_costs as (
    select
        contact_id,
        contact_date,
        contact_month,
        intent_cluster,
        handler_branch,
        is_outcome_final,
        is_outcome_settled,
        is_ai_rate_eligible,
        is_ai_involved,
        is_contained,
        is_resolved,
        ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd,
        ai_cost_usd,
        handle_minutes,
        human_cost_per_hour_usd,
        human_cost_usd,
        total_cost_usd
    from {{ ref('int_contact_performance') }}
),

final as (
    select
        contact_id,
        contact_date,
        contact_month,
        intent_cluster,
        handler_branch,
        is_outcome_final,
        is_outcome_settled,
        is_ai_rate_eligible,
        is_ai_involved,
        is_contained,
        is_resolved,
        ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd,
        ai_cost_usd,
        handle_minutes,
        human_cost_per_hour_usd,
        human_cost_usd,
        total_cost_usd
    from contact_costs
)

select * from final
