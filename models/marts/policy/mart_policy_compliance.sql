-- Policy compliance per policy x ISO week (plus policy_id = 'all'): checks, failures, the share
-- of checked contacts with no failed critical check, and failures per 1,000 AI-involved contacts.
with checks as (
    select
        contact_id,
        policy_id,
        policy_severity,
        is_passed,
        contact_week
    from {{ ref('int_policy_checks') }}
),

ai_contacts as (
    select
        {{ iso_week_start('started_at') }} as contact_week,
        count(*) as ai_involved_contacts
    from {{ ref('fct_contacts') }}
    where is_ai_involved
    group by {{ iso_week_start('started_at') }}
),

per_contact as (
    select
        contact_week,
        policy_id,
        contact_id,
        count(*) as checks,
        {{ count_if('not is_passed') }} as failures,
        {{ count_if("not is_passed and policy_severity = 'critical'") }} as critical_failures
    from checks
    group by contact_week, policy_id, contact_id
),

contact_level as (
    select
        contact_week,
        contact_id,
        {{ sum_count('checks') }} as checks,
        {{ sum_count('failures') }} as failures,
        {{ sum_count('critical_failures') }} as critical_failures
    from per_contact
    group by contact_week, contact_id
),

by_policy as (
    select
        contact_week,
        policy_id,
        count(*) as contacts_checked,
        {{ sum_count('checks') }} as checks,
        {{ sum_count('failures') }} as failures,
        {{ sum_count('critical_failures') }} as critical_failures,
        {{ count_if('critical_failures = 0') }} as compliant_contacts
    from per_contact
    group by contact_week, policy_id
),

all_policies as (
    select
        contact_week,
        'all' as policy_id,
        count(*) as contacts_checked,
        {{ sum_count('checks') }} as checks,
        {{ sum_count('failures') }} as failures,
        {{ sum_count('critical_failures') }} as critical_failures,
        {{ count_if('critical_failures = 0') }} as compliant_contacts
    from contact_level
    group by contact_week
),

unioned as (
    select * from by_policy
    union all
    select * from all_policies
),

final as (
    select
        unioned.policy_id,
        unioned.contact_week,
        coalesce(ai_contacts.ai_involved_contacts, 0) as ai_involved_contacts,
        unioned.contacts_checked,
        unioned.checks,
        unioned.failures,
        unioned.critical_failures,
        {{ rate_columns('compliance_score', 'unioned.compliant_contacts', 'unioned.contacts_checked') }},
        case
            when ai_contacts.ai_involved_contacts > 0
                then cast(1000 as {{ type_double() }}) * unioned.failures / ai_contacts.ai_involved_contacts
        end as failures_per_1000_contacts,
        case
            when ai_contacts.ai_involved_contacts > 0
                then cast(1000 as {{ type_double() }}) * unioned.critical_failures / ai_contacts.ai_involved_contacts
        end as critical_failures_per_1000_contacts
    from unioned
    left join ai_contacts on unioned.contact_week = ai_contacts.contact_week
)

select * from final
