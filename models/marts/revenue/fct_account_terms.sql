-- Revenue correlation facts: one row per account subscription term (docs/metrics.md
-- "Revenue correlation") with the support exposure of the account's customers in the term and the
-- renewal outcome. Exposure window: the whole term [period_start, period_end) by default, or the
-- last `revenue_exposure_days` days before period_end (clipped to the term) when that var is
-- set. Definitions: docs/decisions.md.
{%- set exposure_days = var('revenue_exposure_days') %}
{%- if exposure_days is not none and (exposure_days is not number or exposure_days <= 0) %}
    {{ exceptions.raise_compiler_error("var revenue_exposure_days must be a positive number of days or null, not '" ~ exposure_days ~ "'") }}
{%- endif %}
{%- if exposure_days is none %}
    {%- set exposure_start_sql = 'subscriptions.period_start' %}
{%- else %}
    {%- set window_start_sql = dbt.dateadd('day', -exposure_days, 'subscriptions.period_end') %}
    {%- set exposure_start_sql = 'cast(' ~ greatest_of([
        'cast(subscriptions.period_start as timestamp)',
        'cast(' ~ window_start_sql ~ ' as timestamp)',
    ]) ~ ' as date)' %}
{%- endif %}

with subscriptions as (
    select *
    from {{ ref('int_subscription_terms') }}
),

contacts as (
    select
        contact_id,
        account_id,
        intent,
        started_at,
        outcome,
        is_resolved_after_handoff,
        is_ai_involved,
        is_contained,
        is_truly_resolved,
        is_recontacted,
        csat_score
    from {{ ref('fct_contacts') }}
),

intents as (
    select
        intent,
        is_high_stakes
    from {{ ref('intent_catalogue') }}
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

-- The support data covers contacts from its first contact date on: an exposure window that
-- starts earlier is only partly observed (its terms would look like quiet accounts).
coverage as (
    select {{ local_date('min(started_at)') }} as coverage_start
    from contacts
),

account_contacts as (
    select
        contacts.contact_id,
        contacts.account_id,
        contacts.started_at,
        contacts.is_ai_involved,
        contacts.is_contained,
        contacts.is_truly_resolved,
        contacts.is_recontacted,
        contacts.csat_score,
        -- The true resolution rate's population is fct_contacts': is_truly_resolved not null.
        contacts.is_truly_resolved is not null as is_true_resolution_known,
        -- Bad experience: a high-stakes contact that did not end resolved, or an AI containment
        -- that did not hold (re-contacted within the default window). Pending never counts.
        coalesce(intents.is_high_stakes, false)
        and (
            contacts.outcome in ('abandoned', 'unassisted', 'human_unresolved')
            or (contacts.outcome = 'escalated' and not contacts.is_resolved_after_handoff)
            or (contacts.is_contained and coalesce(contacts.is_recontacted, false))
        ) as is_bad_experience
    from contacts
    left join intents on contacts.intent = intents.intent
    where contacts.account_id is not null
),

terms as (
    select
        subscriptions.*,
        {{ exposure_start_sql }} as exposure_start
    from subscriptions
),

term_exposure as (
    select
        terms.subscription_id,
        count(account_contacts.contact_id) as contact_count,
        {{ count_if('account_contacts.is_ai_involved') }} as ai_contact_count,
        {{ count_if('account_contacts.is_contained') }} as contained_count,
        {{ count_if('account_contacts.is_true_resolution_known') }} as true_resolution_base_count,
        {{ count_if('account_contacts.is_true_resolution_known and account_contacts.is_truly_resolved') }}
            as truly_resolved_count,
        {{ count_if('account_contacts.is_recontacted') }} as recontact_count,
        {{ count_if('account_contacts.is_bad_experience') }} as bad_experience_count,
        avg(cast(account_contacts.csat_score as {{ type_double() }})) as csat_mean,
        count(account_contacts.csat_score) as csat_response_count
    from terms
    left join account_contacts
        on
            terms.account_id = account_contacts.account_id
            and account_contacts.started_at >= {{ from_reporting_time('cast(terms.exposure_start as timestamp)') }}
            and account_contacts.started_at < {{ from_reporting_time('cast(terms.period_end as timestamp)') }}
    group by terms.subscription_id
),

joined as (
    select
        terms.subscription_id,
        terms.account_id,
        terms.segment,
        terms.plan,
        terms.period_start,
        terms.period_end,
        terms.exposure_start,
        terms.mrr_usd,
        terms.next_mrr_usd,
        terms.next_mrr_usd - terms.mrr_usd as mrr_change_usd,
        terms.renewal_outcome,
        terms.renewal_outcome is not null as is_term_closed,
        case when terms.renewal_outcome is not null then terms.renewal_outcome = 'churned' end as is_churned,
        case when terms.renewal_outcome is not null then terms.renewal_outcome = 'contracted' end as is_contracted,
        case when terms.renewal_outcome is not null then terms.renewal_outcome = 'expanded' end as is_expanded,
        case when terms.renewal_outcome is not null then terms.renewal_outcome <> 'churned' end as is_retained,
        coalesce(
            coverage.coverage_start is not null
            and terms.exposure_start >= coverage.coverage_start
            and {{ from_reporting_time('cast(terms.period_end as timestamp)') }} <= as_of.as_of,
            false
        ) as is_exposure_observed,
        term_exposure.contact_count,
        term_exposure.ai_contact_count,
        term_exposure.contained_count,
        term_exposure.true_resolution_base_count,
        term_exposure.truly_resolved_count,
        term_exposure.recontact_count,
        term_exposure.bad_experience_count,
        term_exposure.csat_mean,
        term_exposure.csat_response_count
    from terms
    inner join term_exposure on terms.subscription_id = term_exposure.subscription_id
    cross join coverage
    cross join as_of
),

final as (
    select
        subscription_id,
        account_id,
        segment,
        plan,
        period_start,
        period_end,
        exposure_start,
        mrr_usd,
        next_mrr_usd,
        mrr_change_usd,
        renewal_outcome,
        is_term_closed,
        is_churned,
        is_contracted,
        is_expanded,
        is_retained,
        is_exposure_observed,
        contact_count,
        ai_contact_count,
        case when contact_count > 0 then cast(ai_contact_count as {{ type_double() }}) / contact_count end as ai_share,
        contained_count,
        truly_resolved_count,
        true_resolution_base_count,
        case
            when true_resolution_base_count > 0
                then cast(truly_resolved_count as {{ type_double() }}) / true_resolution_base_count
        end as true_resolution_rate,
        recontact_count,
        bad_experience_count,
        bad_experience_count > 0 as has_bad_experience,
        csat_mean,
        csat_response_count,
        case
            when contact_count = 0 then 'no_contacts'
            when bad_experience_count > 0 then 'bad_experience'
            else 'contacts_no_bad_experience'
        end as exposure_cohort
    from joined
)

select * from final
