-- Cost facts: one row per contact with its cost and the flags the cost-per-resolution ratios filter
-- on (BI tools and the semantic layer read costs here). AI cost = agent-event costs (inference,
-- tools, judge) + the month's AI licence prorated over that month's AI-involved contacts + the
-- vendor's per-resolution fee when the AI contained the contact. Human cost = handle minutes x
-- hourly rate. Rates come from the cost_rates seed: the row in force on the first day of the month
-- (latest effective_from <= month start). docs/decisions.md D-601..D-603, D-1104.
-- The columns read below, named: DuckDB materialises a CTE read twice, every column of it (D-1831).
with contacts as (
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
        handle_minutes
    from {{ ref('fct_contacts') }}
),

cost_rates as (
    select
        effective_from,
        ai_licence_usd_per_month,
        ai_fee_per_resolution_usd,
        human_cost_per_hour_usd
    from {{ ref('cost_rates') }}
),

month_volumes as (
    select
        contact_month,
        {{ count_if('is_ai_involved') }} as month_ai_contacts
    from contacts
    group by contact_month
),

month_rates_ranked as (
    select
        month_volumes.contact_month,
        month_volumes.month_ai_contacts,
        cost_rates.ai_licence_usd_per_month,
        cost_rates.ai_fee_per_resolution_usd,
        cost_rates.human_cost_per_hour_usd,
        row_number() over (
            partition by month_volumes.contact_month order by cost_rates.effective_from desc
        ) as rate_rank
    from month_volumes
    inner join cost_rates on cast(cost_rates.effective_from as date) <= month_volumes.contact_month
),

month_rates as (
    select
        contact_month,
        month_ai_contacts,
        ai_licence_usd_per_month,
        ai_fee_per_resolution_usd,
        human_cost_per_hour_usd
    from month_rates_ranked
    where rate_rank = 1
),

priced as (
    select
        contacts.*,
        coalesce(contacts.ai_event_cost_usd, 0) as event_cost_usd,
        coalesce(contacts.handle_minutes, 0) as handled_minutes,
        month_rates.month_ai_contacts,
        case
            when contacts.is_ai_involved
                then coalesce(month_rates.ai_licence_usd_per_month, 0) / month_rates.month_ai_contacts
            else 0
        end as ai_licence_cost_usd,
        case
            when contacts.is_contained then coalesce(month_rates.ai_fee_per_resolution_usd, 0)
            else 0
        end as ai_resolution_fee_usd,
        month_rates.human_cost_per_hour_usd,
        coalesce(contacts.handle_minutes, 0) * coalesce(month_rates.human_cost_per_hour_usd, 0) / 60.0
            as human_cost_usd
    from contacts
    left join month_rates on contacts.contact_month = month_rates.contact_month
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
        month_ai_contacts,
        event_cost_usd as ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd,
        event_cost_usd + ai_licence_cost_usd + ai_resolution_fee_usd as ai_cost_usd,
        handled_minutes as handle_minutes,
        human_cost_per_hour_usd,
        human_cost_usd,
        event_cost_usd + ai_licence_cost_usd + ai_resolution_fee_usd + human_cost_usd as total_cost_usd
    from priced
)

select * from final
