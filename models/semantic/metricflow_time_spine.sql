-- The semantic layer's day spine (MetricFlow needs one): every day from 2015 through 2035 (calendar days:
-- the facts' date columns it joins are days of the reporting time zone, D-2006).
-- A fixed range, not the data's, so it never depends on the wall clock (docs/decisions.md D-1103).
with days as (
    {{ dbt.date_spine(
        'day',
        "cast('2015-01-01' as date)",
        "cast('2036-01-01' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
