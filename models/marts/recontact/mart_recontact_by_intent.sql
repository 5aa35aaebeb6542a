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
        is_recontact_rate_eligible and is_recontacted as is_in_ratio_population
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
        {{ percentile_cont('case when is_in_ratio_population then resolution_seconds end', 0.5) }}
            as median_resolution_seconds,
        {{ percentile_cont('case when is_in_ratio_population then seconds_to_recontact end', 0.5) }}
            as median_seconds_to_recontact
    from contacts
    group by intent
),

final as (
    select
        aggregated.*,
        case
            when median_seconds_to_recontact > 0 then median_resolution_seconds / median_seconds_to_recontact
        end as resolution_to_recontact_ratio
    from aggregated
)

select * from final
