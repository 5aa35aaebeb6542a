-- fct_contact_costs and mart_cost_roi reconcile with their inputs, month by month: AI event costs
-- equal the staged agent-event costs of the month's contact conversations; the allocated licence
-- equals the month's licence when the month has AI-involved contacts (0 otherwise); fees equal the
-- fee x the month's contained contacts; the mart's AI cost equals the sum of the three. Returns one
-- row per month and check that differs by more than 1e-6 USD.
with contacts as (
    select
        conversation_id,
        {{ month_start('started_at') }} as cost_month,
        is_ai_involved,
        is_contained
    from {{ ref('fct_contacts') }}
),

events as (
    select
        conversation_id,
        cost_usd
    from {{ ref('stg_agent_platform__agent_events') }}
),

cost_rates as (
    select
        effective_from,
        ai_licence_usd_per_month,
        ai_fee_per_resolution_usd
    from {{ ref('cost_rates') }}
),

costs as (
    select
        contact_month as cost_month,
        ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd
    from {{ ref('fct_contact_costs') }}
),

roi as (
    select
        contact_month,
        ai_cost_usd
    from {{ ref('mart_cost_roi') }}
),

event_costs as (
    select
        contacts.cost_month,
        sum(coalesce(events.cost_usd, 0)) as event_cost_usd
    from contacts
    inner join events on contacts.conversation_id = events.conversation_id
    group by contacts.cost_month
),

month_counts as (
    select
        cost_month,
        {{ count_if('is_ai_involved') }} as ai_contacts,
        {{ count_if('is_contained') }} as contained_contacts
    from contacts
    group by cost_month
),

month_rates as (
    select
        month_counts.cost_month,
        month_counts.ai_contacts,
        month_counts.contained_contacts,
        cost_rates.ai_licence_usd_per_month,
        cost_rates.ai_fee_per_resolution_usd,
        row_number() over (partition by month_counts.cost_month order by cost_rates.effective_from desc) as rate_rank
    from month_counts
    left join cost_rates on cast(cost_rates.effective_from as date) <= month_counts.cost_month
),

expected as (
    select
        month_rates.cost_month,
        coalesce(event_costs.event_cost_usd, 0) as event_cost_usd,
        case when month_rates.ai_contacts > 0 then coalesce(month_rates.ai_licence_usd_per_month, 0) else 0 end
            as licence_usd,
        month_rates.contained_contacts * coalesce(month_rates.ai_fee_per_resolution_usd, 0) as fee_usd
    from month_rates
    left join event_costs on month_rates.cost_month = event_costs.cost_month
    where month_rates.rate_rank = 1
),

actual as (
    select
        cost_month,
        sum(ai_event_cost_usd) as event_cost_usd,
        sum(ai_licence_cost_usd) as licence_usd,
        sum(ai_resolution_fee_usd) as fee_usd
    from costs
    group by cost_month
),

compared as (
    select
        expected.cost_month,
        expected.event_cost_usd as expected_event_cost_usd,
        actual.event_cost_usd as actual_event_cost_usd,
        expected.licence_usd as expected_licence_usd,
        actual.licence_usd as actual_licence_usd,
        expected.fee_usd as expected_fee_usd,
        actual.fee_usd as actual_fee_usd,
        expected.event_cost_usd + expected.licence_usd + expected.fee_usd as expected_ai_cost_usd,
        roi.ai_cost_usd as mart_ai_cost_usd
    from expected
    left join actual on expected.cost_month = actual.cost_month
    left join roi on expected.cost_month = roi.contact_month
),

final as (
    select *
    from compared
    where
        not coalesce(abs(expected_event_cost_usd - actual_event_cost_usd) <= 1e-6, false)
        or not coalesce(abs(expected_licence_usd - actual_licence_usd) <= 1e-6, false)
        or not coalesce(abs(expected_fee_usd - actual_fee_usd) <= 1e-6, false)
        or not coalesce(abs(expected_ai_cost_usd - mart_ai_cost_usd) <= 1e-6, false)
)

select * from final
