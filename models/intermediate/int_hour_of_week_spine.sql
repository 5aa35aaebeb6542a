-- The 168 hour-of-week slots: slot 0 = Monday 00:00-00:59, slot 167 = Sunday 23:00-23:59
-- (wall-clock hours of the reporting time zone).
with days as (
    select day_numbers.day_of_week
    from (
        values
        {%- for d in range(7) %}
            ({{ d }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as day_numbers (day_of_week)
),

hours as (
    select hour_numbers.hour_of_day
    from (
        values
        {%- for h in range(24) %}
            ({{ h }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as hour_numbers (hour_of_day)
),

final as (
    select
        days.day_of_week * 24 + hours.hour_of_day as hour_of_week,
        days.day_of_week,
        hours.hour_of_day
    from days
    cross join hours
)

select * from final
