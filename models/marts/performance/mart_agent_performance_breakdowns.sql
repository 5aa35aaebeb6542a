-- Agent performance per ISO week (reporting time zone) x one breakdown at a time: intent,
-- complexity tier, language, account segment (as of the contact) and agent version (macro
-- performance_breakdowns). Long format, one row per week x breakdown x value, so the grain grows by
-- the sum of the dimensions' values, not their product (docs/decisions.md D-2004). Each breakdown's
-- rows add up to the week's `all` x `all` row of mart_agent_performance_weekly (one contact, one
-- value per breakdown); a null value is `none`. Same metric columns as the weekly mart.
{%- set breakdowns = performance_breakdowns() %}
with contacts as (
    {{ performance_contacts(['contact_week'] + breakdowns) }}
),

unpivoted as (
    {%- for breakdown in breakdowns %}
        select
            contacts.*,
            '{{ breakdown }}' as breakdown,
            coalesce(cast(contacts.{{ breakdown }} as {{ text_type() }}), 'none') as breakdown_value
        from contacts
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

aggregated as (
    select
        contact_week,
        breakdown,
        breakdown_value,
        {{ performance_metric_columns() }}
    from unpivoted
    group by contact_week, breakdown, breakdown_value
),

final as (
    select * from aggregated
)

select * from final
