-- One row: the as_of instant every maturity rule uses. The `as_of` var wins; otherwise the
-- latest timestamp present in the staged raw data, so a rebuild on the same data is identical.
with latest as (
    select max(started_at) as latest_at from {{ ref('stg_agent_platform__conversations') }}
    union all
    select max(ended_at) as latest_at from {{ ref('stg_agent_platform__conversations') }}
    union all
    select max(sent_at) as latest_at from {{ ref('stg_agent_platform__messages') }}
    union all
    select max(occurred_at) as latest_at from {{ ref('stg_agent_platform__agent_events') }}
    union all
    select max(created_at) as latest_at from {{ ref('stg_helpdesk__tickets') }}
    union all
    select max(created_at) as latest_at from {{ ref('stg_helpdesk__ticket_comments') }}
    union all
    select max(changed_at) as latest_at from {{ ref('stg_helpdesk__ticket_status_changes') }}
    union all
    select max(responded_at) as latest_at from {{ ref('stg_helpdesk__survey_responses') }}
    union all
    select max(occurred_at) as latest_at from {{ ref('stg_product_analytics__events') }}
),

final as (
    select
        {%- if var('as_of') %}
        {{ timestamp_literal(var('as_of')) }} as as_of
    {%- else %}
            max(latest_at) as as_of
        {%- endif %}
    from latest
)

select * from final
