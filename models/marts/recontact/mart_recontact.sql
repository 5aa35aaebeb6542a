-- Re-contact rates per intent cluster x ISO week of the contact (plus intent_cluster = 'all'),
-- AI-resolved (contained) and human-resolved (human branch, or after a handoff) contacts reported
-- separately, for the default window (ai_recontact_rate, human_recontact_rate) and every window of
-- var recontact_windows (..._<w>; macro recontact_window_columns, D-1708). Population:
-- fct_contacts.is_recontact_rate_eligible(_<w>) in that branch. The resolution / re-contact ratio
-- takes both medians over the same contacts: those of the default window's population that were
-- re-contacted within it.
{{ config(contract={'enforced': recontact_windows_contract_enforced()}) }}
with contacts as (
    select
        intent_cluster,
        {{ iso_week_start('started_at') }} as contact_week,
        is_anonymous,
        is_contained,
        is_human_resolved,
        resolution_seconds,
        {%- for suffix, hours in recontact_window_columns() %}
            is_recontacted{{ suffix }},
            is_recontact_rate_eligible{{ suffix }},
        {%- endfor %}
        is_recontact_ratio_eligible,
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
        {{ count_if('is_human_resolved') }} as human_resolved_contacts,
        {%- for suffix, hours in recontact_window_columns() %}
            {%- for branch, condition in [('ai', 'is_contained'), ('human', 'is_human_resolved')] %}
        {{ rate_columns(
            branch ~ '_recontact_rate' ~ suffix,
            count_if(condition ~ ' and is_recontact_rate_eligible' ~ suffix ~ ' and is_recontacted' ~ suffix),
            count_if(condition ~ ' and is_recontact_rate_eligible' ~ suffix)) }},
            {%- endfor %}
        {%- endfor %}
        {{ resolution_to_recontact_columns() }}
    from contacts
    group by contact_week, cube(intent_cluster)
),

final as (
    select * from aggregated
)

select * from final
