-- Rows returned = a week x breakdown whose sums differ from the weekly all x all row (or is missing).
with breakdowns as (
    select
        contact_week,
        breakdown,
        sum(contacts) as contacts,
        sum(deflection_rate_numerator) as deflection_rate_numerator,
        sum(deflection_rate_denominator) as deflection_rate_denominator,
        sum(true_resolution_rate_denominator) as true_resolution_rate_denominator,
        sum(recontact_rate_numerator) as recontact_rate_numerator,
        sum(fcr_rate_denominator) as fcr_rate_denominator
    from {{ ref('mart_agent_performance_breakdowns') }}
    group by contact_week, breakdown
),

weekly as (
    select * from {{ ref('mart_agent_performance_weekly') }}
    where channel = 'all' and intent_cluster = 'all'
),

expected as (
    select
        weekly.contact_week,
        names.breakdown,
        weekly.contacts,
        weekly.deflection_rate_numerator,
        weekly.deflection_rate_denominator,
        weekly.true_resolution_rate_denominator,
        weekly.recontact_rate_numerator,
        weekly.fcr_rate_denominator
    from weekly
    cross join (select distinct breakdown from breakdowns) as names
),

final as (
    select
        expected.contact_week,
        expected.breakdown
    from expected
    left join breakdowns
        on expected.contact_week = breakdowns.contact_week and expected.breakdown = breakdowns.breakdown
    where
        breakdowns.contacts is null
        or breakdowns.contacts <> expected.contacts
        or breakdowns.deflection_rate_numerator <> expected.deflection_rate_numerator
        or breakdowns.deflection_rate_denominator <> expected.deflection_rate_denominator
        or breakdowns.true_resolution_rate_denominator <> expected.true_resolution_rate_denominator
        or breakdowns.recontact_rate_numerator <> expected.recontact_rate_numerator
        or breakdowns.fcr_rate_denominator <> expected.fcr_rate_denominator
)

select * from final
