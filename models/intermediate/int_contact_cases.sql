-- Case (episode) membership: for each identified contact, the case it belongs to. A contact
-- opens a new case unless it is a re-contact of the previous contact of the same customer in the
-- same scope: it started within (r, r + recontact_window_hours] of one of that contact's
-- resolution points r (its end or a solve of its tickets; int_contact_resolution_points).
with contacts as (
    select * from {{ ref('int_contacts') }}
    where customer_id is not null
),

resolution_points as (
    select
        contact_id,
        point_at
    from {{ ref('int_contact_resolution_points') }}
),

sequenced as (
    select
        contact_id,
        customer_id,
        {{ recontact_scope_key('contacts') }} as scope_key,
        started_at,
        lag(contact_id) over (
            partition by customer_id, {{ recontact_scope_key('contacts') }}
            order by started_at, contact_id
        ) as previous_contact_id
    from contacts
),

recontacts_of_previous as (
    select distinct sequenced.contact_id
    from sequenced
    inner join resolution_points
        on
            sequenced.previous_contact_id = resolution_points.contact_id
            and sequenced.started_at > resolution_points.point_at
            and sequenced.started_at <= {{ add_hours('resolution_points.point_at', var('recontact_window_hours')) }}
),

flagged as (
    select
        sequenced.contact_id,
        sequenced.customer_id,
        sequenced.scope_key,
        sequenced.started_at,
        case when recontacts_of_previous.contact_id is null then 1 else 0 end as is_case_start
    from sequenced
    left join recontacts_of_previous on sequenced.contact_id = recontacts_of_previous.contact_id
),

numbered as (
    select
        contact_id,
        customer_id,
        scope_key,
        started_at,
        is_case_start,
        sum(is_case_start) over (
            partition by customer_id, scope_key
            order by started_at, contact_id
            rows between unbounded preceding and current row
        ) as case_number
    from flagged
),

final as (
    select
        contact_id,
        first_value(contact_id) over (
            partition by customer_id, scope_key, case_number
            order by started_at, contact_id
            rows between unbounded preceding and unbounded following
        ) as case_id,
        cast(row_number() over (
            partition by customer_id, scope_key, case_number
            order by started_at, contact_id
        ) as bigint) as contact_index_in_case
    from numbered
)

select * from final
