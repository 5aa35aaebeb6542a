-- First-contact resolution per intent cluster x ISO week (plus intent_cluster = 'all') for the
-- default window (fcr_rate, ai_fcr_rate) and every window of var recontact_windows (fcr_rate_<w>,
-- ...; macro recontact_window_columns, D-1708), read from fct_contacts' flags (population = flag
-- not null, success = flag true): overall FCR is_fcr (the customer's view: escalations resolved in
-- the same contact count), AI FCR is_ai_fcr (AI-first, AI-involved contacts; a handoff never
-- counts). Case FCR: fct_cases.is_case_fcr.
{{ config(contract={'enforced': recontact_windows_contract_enforced()}) }}
with contacts as (
    select
        {%- for suffix, hours in recontact_window_columns() %}
            is_fcr{{ suffix }},
            is_ai_fcr{{ suffix }},
        {%- endfor %}
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week
    from {{ ref('fct_contacts') }}
),

cases as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        is_case_fcr
    from {{ ref('fct_cases') }}
),

contact_rates as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        count(*) as contacts,
    {%- for suffix, hours in recontact_window_columns() %}
        {{ rate_columns(
            'ai_fcr_rate' ~ suffix,
            count_if('is_ai_fcr' ~ suffix),
            count_if('is_ai_fcr' ~ suffix ~ ' is not null')) }},
        {{ rate_columns(
            'fcr_rate' ~ suffix,
            count_if('is_fcr' ~ suffix),
            count_if('is_fcr' ~ suffix ~ ' is not null')) }}{{ "," if not loop.last }}
    {%- endfor %}
    from contacts
    group by contact_week, cube(intent_cluster)
),

case_rates as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        count(*) as cases,
        {{ rate_columns('case_fcr_rate', count_if('is_case_fcr'), count_if('is_case_fcr is not null')) }}
    from cases
    group by contact_week, cube(intent_cluster)
),

final as (
    select
        contact_rates.*,
        coalesce(case_rates.cases, 0) as cases,
        coalesce(case_rates.case_fcr_rate_numerator, 0) as case_fcr_rate_numerator,
        coalesce(case_rates.case_fcr_rate_denominator, 0) as case_fcr_rate_denominator,
        case_rates.case_fcr_rate,
        case_rates.case_fcr_rate_lower,
        case_rates.case_fcr_rate_upper,
        coalesce(case_rates.case_fcr_rate_is_low_sample, true) as case_fcr_rate_is_low_sample
    from contact_rates
    left join case_rates
        on
            contact_rates.intent_cluster = case_rates.intent_cluster
            and contact_rates.contact_week = case_rates.contact_week
)

select * from final
