-- Per intent over all data: how long resolution takes against how soon customers come back.
-- A ratio near or above 1 means customers return about as fast as issues get "resolved". Both
-- medians are over the same contacts: resolved contacts of the default window's re-contact
-- population that were re-contacted within it (fct_contacts flags).
with contacts as (
    select
        intent,
        intent_cluster,
        resolution_seconds,
        seconds_to_recontact,
        is_recontacted,
        is_recontact_rate_eligible,
        is_recontact_ratio_eligible
    from {{ ref('fct_contacts') }}
),

aggregated as (
    select
        intent,
        max(intent_cluster) as intent_cluster,
        count(*) as contacts,
        {{ rate_columns(
            'recontact_rate',
            count_if('is_recontact_rate_eligible and is_recontacted'),
            count_if('is_recontact_rate_eligible')) }},
        {{ resolution_to_recontact_columns() }}
    from contacts
    group by intent
),

final as (
    select * from aggregated
)

select * from final
