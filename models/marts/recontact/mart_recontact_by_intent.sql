-- Per intent over all data: how long resolution takes against how soon customers come back.
-- A ratio near or above 1 means customers return about as fast as issues get "resolved".
with contacts as (
    select
        intent,
        intent_cluster,
        is_contained,
        outcome,
        resolution_seconds,
        seconds_to_recontact,
        is_recontacted_{{ recontact_default_suffix() }} as is_recontacted
    from {{ ref('fct_contacts') }}
),

aggregated as (
    select
        intent,
        max(intent_cluster) as intent_cluster,
        count(*) as contacts,
        {{ rate_columns(
            'recontact_rate',
            count_if("(is_contained or outcome = 'human_resolved') and is_recontacted"),
            count_if("(is_contained or outcome = 'human_resolved') and is_recontacted is not null")) }},
        {{ percentile_cont("case when is_contained or outcome = 'human_resolved' then resolution_seconds end", 0.5) }}
            as median_resolution_seconds,
        {{ percentile_cont('seconds_to_recontact', 0.5) }} as median_seconds_to_recontact
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
