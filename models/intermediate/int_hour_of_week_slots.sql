-- Every hour-of-week slot (wall-clock hours of the reporting time zone, int_hour_of_week_spine) with
-- its contact volume over all data and its volume rank. Peak = the top round(var peak_slot_share x
-- number of slots) slots by volume; slots tied with the last one inside the cut are peak too
-- (rank(), not row_number()), so equal volumes never get different labels and ties can make the
-- peak set a little larger.
with spine as (
    select
        hour_of_week,
        day_of_week,
        hour_of_day
    from {{ ref('int_hour_of_week_spine') }}
),

contacts as (
    select
        {{ hour_of_week('started_at') }} as hour_of_week,
        count(*) as contacts
    from {{ ref('int_contacts') }}
    group by {{ hour_of_week('started_at') }}
),

ranked as (
    select
        spine.hour_of_week,
        spine.day_of_week,
        spine.hour_of_day,
        coalesce(contacts.contacts, 0) as contacts,
        rank() over (order by coalesce(contacts.contacts, 0) desc) as volume_rank,
        count(*) over () as slot_count
    from spine
    left join contacts on spine.hour_of_week = contacts.hour_of_week
),

final as (
    select
        hour_of_week,
        day_of_week,
        hour_of_day,
        contacts,
        volume_rank,
        volume_rank <= round({{ var('peak_slot_share') }} * slot_count) as is_peak
    from ranked
)

select * from final
