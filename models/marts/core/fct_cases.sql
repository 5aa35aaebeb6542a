-- One row per case (episode): a chain of contacts of one customer on one scope in which each
-- contact is a re-contact of the previous one. Case-level FCR = the case has one contact.
-- Incremental by case (docs/decisions.md D-1844, the period marts' fingerprints of D-1812 with the
-- case as the period): a run aggregates again only the cases whose contact rows changed, however
-- they changed (a new contact, a contact that matured, one that moved to another case), and a
-- post-hook deletes the cases left without a contact.
{{ config(**incremental_period_config('case_id', 'fct_contacts')) }}
{%- set contact_columns = [
    'contact_id', 'contact_index_in_case', 'customer_id', 'account_id', 'intent', 'intent_cluster',
    'handler_branch', 'started_at', 'ended_at', 'outcome', 'is_escalated', 'recontact_clock_at', 'is_fcr',
] %}
{#- The aggregate of the scoped contacts, rendered once: the CTEs below, and the logic the fingerprints are
    salted with. contact_columns are both what the import selects and what the fingerprints cover. #}
{%- set aggregate -%}
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
        {{ bool_and_agg('coalesce(is_fcr, false)') }} as are_contacts_fcr
    from scoped_rows
    group by case_id
),

cases as (
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
{%- endset %}
with contacts as {{ not_materialized() }} (
    select
        case_id,
        {{ contact_columns | join(',\n        ') }}
    from {{ ref('fct_contacts') }}
    where case_id is not null
),

{{ period_scope_ctes('case_id', 'contacts', contact_columns, aggregate) }}

{{ aggregate }},

final as (
    {{ select_with_period_fingerprint('case_id', 'cases') }}
)

select * from final
