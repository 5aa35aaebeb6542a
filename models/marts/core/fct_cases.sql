-- One row per case (episode): a chain of contacts of one customer on one scope in which each
-- contact is a re-contact of the previous one. Case-level FCR = the case has one contact.
with contacts as (
    select
        case_id,
        contact_id,
        contact_index_in_case,
        customer_id,
        account_id,
        intent,
        intent_cluster,
        handler_branch,
        started_at,
        ended_at,
        outcome,
        is_resolved,
        is_escalated,
        is_contained,
        is_truly_resolved,
        recontact_clock_at,
        is_fcr,
        as_of
    from {{ ref('fct_contacts') }}
    where case_id is not null
),

aggregated as (
    select
        case_id,
        max(customer_id) as customer_id,
        max(account_id) as account_id,
        max(case when contact_index_in_case = 1 then intent end) as intent,
        max(case when contact_index_in_case = 1 then intent_cluster end) as intent_cluster,
        max(case when contact_index_in_case = 1 then handler_branch end) as first_handler_branch,
        count(*) as contact_count,
        min(started_at) as started_at,
        max(ended_at) as last_ended_at,
        max(recontact_clock_at) as last_recontact_clock_at,
        max(case when contact_index_in_case = 1 then outcome end) as first_contact_outcome,
        {{ bool_or_agg('is_escalated') }} as has_escalation,
        -- Known once every contact's FCR is known: settled and the window past its clock.
        {{ bool_and_agg('is_fcr is not null') }} as is_mature,
        {{ bool_and_agg('coalesce(is_fcr, false)') }} as are_contacts_fcr,
        max(as_of) as as_of
    from contacts
    group by case_id
),

final as (
    select
        case_id,
        customer_id,
        account_id,
        intent,
        intent_cluster,
        first_handler_branch,
        contact_count,
        started_at,
        last_ended_at,
        last_recontact_clock_at,
        first_contact_outcome,
        has_escalation,
        -- Mature when every contact's outcome and re-contact window are known (no further
        -- re-contact can still join the case), whatever the case's outcome.
        is_mature,
        contact_count = 1 as is_single_contact,
        -- FCR at case level: one contact, and that contact resolved and not re-contacted (an
        -- abandoned or unresolved single contact is not a first-contact resolution).
        case when is_mature then contact_count = 1 and are_contacts_fcr end as is_case_fcr
    from aggregated
)

select * from final
