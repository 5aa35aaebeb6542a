-- Agent performance per day x channel x intent cluster, with `all` roll-ups over channels,
-- clusters and both (cube: exact totals, not sums of rates). Metric definitions live once in
-- macro performance_metric_columns over macro performance_contacts (docs/decisions.md D-604..D-610).
with contacts as (
    {{ performance_contacts(['contact_date', 'channel', 'intent_cluster']) }}
),

aggregated as (
    select
        contact_date,
        coalesce(channel, 'all') as channel,
        coalesce(intent_cluster, 'all') as intent_cluster,
        {{ performance_metric_columns() }}
    from contacts
    group by contact_date, cube(channel, intent_cluster)
),

final as (
    select * from aggregated
)

select * from final
