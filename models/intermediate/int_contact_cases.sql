-- Case (episode) membership: for each identified contact, the case it belongs to. A contact
-- opens a new case unless it is a re-contact of the previous contact of the same customer in the
-- same scope: it started within (r, r + recontact_window_hours] of one of that contact's
-- resolution points r (its end or a solve of its tickets; int_contact_resolution_points).
-- Incremental by customer (D-1821, macro customer_scope_ctes): a run recomputes the customers whose
-- contacts or ticket transitions changed, and the macro gives its CTEs contacts and
-- resolution_points (theirs); the rules are rendered once into `logic`, hashed into
-- _logic_fingerprint. sqlfluff cannot place the indentation of text rendered inside a set block, so
-- LT02 is off for the block only.
{{ config(**incremental_customer_config()) }}
-- noqa: disable=LT02
{%- set logic %}
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

case_members as (
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
        ) as bigint) as contact_index_in_case,
        customer_id
    from numbered
)
{%- endset %}
-- noqa: enable=LT02
{%- set logic_fingerprint = logic_fingerprint_text(logic) %}
{%- set scoped = customers_scoped() %}

with
{{ customer_scope_ctes(
    logic_fingerprint, scoped,
    contact_columns=['contact_id', 'customer_id', 'intent', 'intent_cluster', 'started_at'],
    point_columns=['contact_id', 'point_at']
) }}

{{ logic }},

final as (
    {{ select_with_customer_fingerprints('case_members', logic_fingerprint) }}
)

select * from final
