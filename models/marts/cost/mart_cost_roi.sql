-- Monthly cost and return of the AI agent: AI cost per resolution (event costs + prorated licence
-- + per-resolution fees), human cost per resolution, savings, and the human capacity the AI's
-- true resolutions unlocked. Capacity per truly resolved AI contact = the median handle minutes of
-- human-handled tickets of the same intent created in the trailing var capacity_baseline_days
-- before the month (seed human_baseline_minutes when fewer than var
-- capacity_baseline_min_tickets such tickets). docs/decisions.md D-611, D-612.
with contacts as (
    {{ performance_contacts(['contact_id', 'contact_month', 'intent', 'is_human_resolved']) }}
),

tickets as (
    select
        intent,
        created_at,
        handle_minutes
    from {{ ref('int_ticket_summary') }}
    where handle_minutes > 0
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

first_contact as (
    select min(started_at) as first_started_at from {{ ref('int_contacts') }}
),

intent_catalogue as (
    select
        intent,
        human_baseline_minutes
    from {{ ref('intent_catalogue') }}
),

months as (
    select distinct contact_month
    from contacts
),

trailing_tickets as (
    select
        months.contact_month,
        tickets.intent,
        tickets.handle_minutes
    from months
    inner join tickets
        on
            tickets.created_at
            >= {{ from_reporting_time(add_hours('months.contact_month', -24 * var('capacity_baseline_days'))) }}
            and tickets.created_at < {{ from_reporting_time('cast(months.contact_month as timestamp)') }}
),

observed_baselines as (
    select
        contact_month,
        intent,
        count(*) as baseline_ticket_count,
        {{ percentile_cont('handle_minutes', 0.5) }} as median_handle_minutes
    from trailing_tickets
    group by contact_month, intent
),

truly_resolved_ai as (
    select
        contacts.contact_id,
        contacts.contact_month,
        contacts.human_cost_per_hour_usd,
        coalesce(observed_baselines.baseline_ticket_count, 0) as baseline_ticket_count,
        case
            when observed_baselines.baseline_ticket_count >= {{ var('capacity_baseline_min_tickets') }}
                then observed_baselines.median_handle_minutes
            else intent_catalogue.human_baseline_minutes
        end as baseline_minutes,
        coalesce(observed_baselines.baseline_ticket_count >= {{ var('capacity_baseline_min_tickets') }}, false)
            as is_baseline_observed
    from contacts
    left join observed_baselines
        on
            contacts.contact_month = observed_baselines.contact_month
            and contacts.intent = observed_baselines.intent
    left join intent_catalogue on contacts.intent = intent_catalogue.intent
    where contacts.is_ai_involved and contacts.is_truly_resolved
),

capacity as (
    select
        contact_month,
        count(*) as truly_resolved_ai_contacts,
        {{ count_if('is_baseline_observed') }} as observed_baseline_contacts,
        {{ count_if('not is_baseline_observed and baseline_minutes is not null') }} as seed_baseline_contacts,
        {{ count_if('baseline_minutes is null') }} as no_baseline_contacts,
        coalesce(sum(baseline_minutes), 0) as capacity_minutes_unlocked,
        coalesce(sum(baseline_minutes * human_cost_per_hour_usd / 60.0), 0) as avoided_human_cost_usd
    from truly_resolved_ai
    group by contact_month
),

monthly_costs as (
    select
        contact_month,
        count(*) as contacts,
        {{ count_if('is_ai_involved') }} as ai_contacts,
        {{ count_if('is_ai_rate_eligible and is_contained') }} as ai_resolutions,
        {{ count_if('is_true_resolution_eligible') }} as true_resolution_base_contacts,
        {{ count_if('is_human_resolved') }} as human_resolutions,
        {{ count_if('handle_minutes > 0') }} as human_handled_contacts,
        sum(ai_event_cost_usd) as ai_event_cost_usd,
        sum(ai_licence_cost_usd) as ai_licence_cost_usd,
        sum(ai_resolution_fee_usd) as ai_resolution_fee_usd,
        sum(ai_cost_usd) as ai_cost_usd,
        sum(case when is_ai_rate_eligible then ai_cost_usd else 0 end) as final_ai_cost_usd,
        sum(handle_minutes) as handle_minutes,
        sum(human_cost_usd) as human_cost_usd
    from contacts
    group by contact_month
),

joined as (
    select
        monthly_costs.contact_month,
        monthly_costs.contacts,
        monthly_costs.ai_contacts,
        monthly_costs.ai_resolutions,
        coalesce(capacity.truly_resolved_ai_contacts, 0) as truly_resolved_ai_contacts,
        monthly_costs.true_resolution_base_contacts,
        monthly_costs.human_resolutions,
        monthly_costs.human_handled_contacts,
        monthly_costs.ai_event_cost_usd,
        monthly_costs.ai_licence_cost_usd,
        monthly_costs.ai_resolution_fee_usd,
        monthly_costs.ai_cost_usd,
        monthly_costs.final_ai_cost_usd,
        monthly_costs.handle_minutes,
        monthly_costs.human_cost_usd,
        coalesce(capacity.observed_baseline_contacts, 0) as observed_baseline_contacts,
        coalesce(capacity.seed_baseline_contacts, 0) as seed_baseline_contacts,
        coalesce(capacity.no_baseline_contacts, 0) as no_baseline_contacts,
        coalesce(capacity.capacity_minutes_unlocked, 0) as capacity_minutes_unlocked,
        coalesce(capacity.avoided_human_cost_usd, 0) as avoided_human_cost_usd
    from monthly_costs
    left join capacity on monthly_costs.contact_month = capacity.contact_month
),

ratios as (
    select
        contact_month,
        contacts,
        ai_contacts,
        ai_resolutions,
        truly_resolved_ai_contacts,
        human_resolutions,
        human_handled_contacts,
        ai_event_cost_usd,
        ai_licence_cost_usd,
        ai_resolution_fee_usd,
        ai_cost_usd,
        case when ai_contacts > 0 then ai_event_cost_usd / ai_contacts end as ai_event_cost_per_ai_contact_usd,
        case when ai_contacts > 0 then ai_cost_usd / ai_contacts end as ai_cost_per_ai_contact_usd,
        case when ai_resolutions > 0 then final_ai_cost_usd / ai_resolutions end as ai_cost_per_resolution_usd,
        case
            when truly_resolved_ai_contacts > 0 then final_ai_cost_usd / truly_resolved_ai_contacts
        end as ai_cost_per_true_resolution_usd,
        handle_minutes,
        human_cost_usd,
        case
            when human_resolutions > 0 then human_cost_usd / human_resolutions
        end as human_cost_per_resolution_usd,
        observed_baseline_contacts,
        seed_baseline_contacts,
        no_baseline_contacts,
        capacity_minutes_unlocked,
        capacity_minutes_unlocked / 60.0 as capacity_hours_unlocked,
        capacity_minutes_unlocked / 60.0 / {{ var('fte_hours_per_month') }} as capacity_fte_unlocked,
        avoided_human_cost_usd,
        avoided_human_cost_usd - ai_cost_usd as net_savings_usd
    from joined
),

final as (
    select
        ratios.contact_month,
        ratios.contact_month >= {{ local_date('first_contact.first_started_at') }}
        and ratios.contact_month < {{ month_start('as_of.as_of') }} as is_complete_month,
        ratios.contacts,
        ratios.ai_contacts,
        ratios.ai_resolutions,
        ratios.truly_resolved_ai_contacts,
        ratios.human_resolutions,
        ratios.human_handled_contacts,
        ratios.ai_event_cost_usd,
        ratios.ai_licence_cost_usd,
        ratios.ai_resolution_fee_usd,
        ratios.ai_cost_usd,
        ratios.ai_event_cost_per_ai_contact_usd,
        ratios.ai_cost_per_ai_contact_usd,
        ratios.ai_cost_per_resolution_usd,
        ratios.ai_cost_per_true_resolution_usd,
        ratios.handle_minutes,
        ratios.human_cost_usd,
        ratios.human_cost_per_resolution_usd,
        ratios.human_cost_per_resolution_usd - ratios.ai_cost_per_resolution_usd as savings_per_resolution_usd,
        (ratios.human_cost_per_resolution_usd - ratios.ai_cost_per_resolution_usd) * ratios.ai_resolutions
            as savings_usd,
        ratios.observed_baseline_contacts,
        ratios.seed_baseline_contacts,
        ratios.no_baseline_contacts,
        ratios.capacity_minutes_unlocked,
        ratios.capacity_hours_unlocked,
        ratios.capacity_fte_unlocked,
        {{ var('fte_hours_per_month') }} as fte_hours_per_month,
        ratios.avoided_human_cost_usd,
        ratios.net_savings_usd
    from ratios
    cross join as_of
    cross join first_contact
)

select * from final
