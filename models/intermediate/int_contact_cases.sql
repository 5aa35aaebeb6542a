-- Case (episode) membership: for each identified contact, the case it belongs to. A contact
-- opens a new case unless it started within (ended_at, ended_at + recontact_window_hours] of the
-- previous contact of the same customer in the same scope, i.e. unless it is a re-contact.
with contacts as (
    select
        contact_id,
        customer_id,
        intent,
        coalesce(intent_cluster, 'unknown') as intent_cluster,
        started_at,
        ended_at
    from {{ ref('int_contacts') }}
    where customer_id is not null
),

sequenced as (
    select
        contact_id,
        customer_id,
        {{ recontact_scope_key('contacts') }} as scope_key,
        started_at,
        lag(ended_at) over (
            partition by customer_id, {{ recontact_scope_key('contacts') }}
            order by started_at, contact_id
        ) as previous_ended_at
    from contacts
),

flagged as (
    select
        contact_id,
        customer_id,
        scope_key,
        started_at,
        case
            when
                previous_ended_at is not null
                and started_at > previous_ended_at
                and started_at <= {{ add_hours('previous_ended_at', var('recontact_window_hours')) }}
                then 0
            else 1
        end as is_case_start
    from sequenced
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
