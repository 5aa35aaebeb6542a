-- Human-only metrics per calendar month before the AI launch (pre_ai) and from the launch date on
-- (post_ai), plus one total row per period (row_grain = 'period', contact_month null). A month
-- that contains the launch date is split into its pre_ai and post_ai parts. Human-only = the
-- human branch (human-first conversations and direct tickets); re-contact and FCR use the
-- default window (var recontact_window_hours) and fct_contacts' population flags (D-1705); the
-- resolution rate's population is the settled human-branch contacts.
with launch as (
    select ai_launch_date
    from {{ ref('int_ai_launch_date') }}
),

contacts as (
    select
        contact_id,
        started_at,
        handler_branch,
        outcome,
        is_outcome_settled,
        is_fcr,
        is_recontacted,
        is_recontact_rate_eligible,
        resolution_seconds,
        csat_score
    from {{ ref('fct_contacts') }}
),

labelled as (
    select
        contacts.contact_id,
        {{ month_start('contacts.started_at') }} as contact_month,
        case
            when launch.ai_launch_date is null or contacts.started_at < launch.ai_launch_date then 'pre_ai'
            else 'post_ai'
        end as period_label,
        contacts.handler_branch = 'human' as is_human_only,
        contacts.outcome,
        contacts.is_outcome_settled,
        contacts.is_fcr,
        contacts.is_recontacted,
        contacts.is_recontact_rate_eligible,
        contacts.resolution_seconds,
        contacts.csat_score
    from contacts
    cross join launch
),

aggregated as (
    select
        period_label,
        contact_month,
        case when grouping(contact_month) = 1 then 'period' else 'month' end as row_grain,
        count(*) as contacts,
        {{ count_if('is_human_only') }} as human_contacts,
        {{ rate_columns(
            'human_resolution_rate',
            count_if("is_human_only and is_outcome_settled and outcome = 'human_resolved'"),
            count_if('is_human_only and is_outcome_settled')) }},
        {{ rate_columns(
            'fcr_rate', count_if('is_human_only and is_fcr'), count_if('is_human_only and is_fcr is not null')) }},
        {{ rate_columns(
            'recontact_rate',
            count_if('is_human_only and is_recontact_rate_eligible and is_recontacted'),
            count_if('is_human_only and is_recontact_rate_eligible')) }},
        {{ percentile_cont(
            "case when is_human_only and outcome = 'human_resolved' then resolution_seconds end", 0.5) }}
            as median_resolution_seconds,
        avg(cast(case when is_human_only then csat_score end as {{ type_double() }})) as csat_mean,
        {{ rate_columns(
            'csat_top2_rate',
            count_if('is_human_only and csat_score >= 4'),
            count_if('is_human_only and csat_score is not null')) }}
    from labelled
    group by period_label, rollup(contact_month)
),

final as (
    select
        period_label,
        row_grain,
        contact_month,
        contacts,
        human_contacts,
        human_resolution_rate_numerator,
        human_resolution_rate_denominator,
        human_resolution_rate,
        human_resolution_rate_lower,
        human_resolution_rate_upper,
        human_resolution_rate_is_low_sample,
        fcr_rate_numerator,
        fcr_rate_denominator,
        fcr_rate,
        fcr_rate_lower,
        fcr_rate_upper,
        fcr_rate_is_low_sample,
        recontact_rate_numerator,
        recontact_rate_denominator,
        recontact_rate,
        recontact_rate_lower,
        recontact_rate_upper,
        recontact_rate_is_low_sample,
        median_resolution_seconds,
        csat_mean,
        csat_top2_rate_numerator,
        csat_top2_rate_denominator,
        csat_top2_rate,
        csat_top2_rate_lower,
        csat_top2_rate_upper,
        csat_top2_rate_is_low_sample
    from aggregated
)

select * from final
