-- Re-contact rates per intent cluster x ISO week of the contact (plus intent_cluster = 'all'),
-- AI-resolved (contained) and human-resolved contacts reported separately, for every window.
-- Denominator: identified contacts resolved in that branch whose window has matured.
with contacts as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        is_anonymous,
        is_contained,
        outcome,
        resolution_seconds,
        {%- for suffix in var('recontact_windows') %}
            is_recontacted_{{ suffix }},
        {%- endfor %}
        seconds_to_recontact
    from {{ ref('fct_contacts') }}
),

aggregated as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        contact_week,
        count(*) as contacts,
        {{ count_if('is_anonymous') }} as anonymous_contacts_excluded,
        {{ count_if('is_contained') }} as ai_resolved_contacts,
        {{ count_if("outcome = 'human_resolved'") }} as human_resolved_contacts,
        {%- for suffix in var('recontact_windows') %}
            {%- for branch, condition in [('ai', 'is_contained'), ('human', "outcome = 'human_resolved'")] %}
        {{ rate_columns(
            branch ~ '_recontact_rate_' ~ suffix,
            count_if(condition ~ ' and is_recontacted_' ~ suffix),
            count_if(condition ~ ' and is_recontacted_' ~ suffix ~ ' is not null')) }},
            {%- endfor %}
        {%- endfor %}
        {{ percentile_cont('case when is_contained or outcome = \'human_resolved\' then resolution_seconds end', 0.5) }}
            as median_resolution_seconds,
        {{ percentile_cont('seconds_to_recontact', 0.5) }} as median_seconds_to_recontact
    from contacts
    group by contact_week, cube(intent_cluster)
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
