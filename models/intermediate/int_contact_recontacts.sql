-- One row per identified contact with at least one resolution point (int_contact_resolution_points:
-- its end and every solve of any of its tickets). It is re-contacted within w when another contact
-- of the same customer in the same scope (var recontact_match_scope) starts in (r, r + w] for
-- some resolution point r, or one of its tickets is reopened within w after a solve. Each gap is
-- measured from the resolution point the re-contact follows; only gaps within the longest window
-- are kept. Escalation tickets belong to their conversation's contact, so they can never be a
-- re-contact of it. Definitions: docs/decisions.md D-1702.
-- Incremental by customer (D-1821, macro customer_scope_ctes): a run recomputes the customers whose
-- contacts or ticket transitions changed, and the macro gives its CTEs contacts and
-- resolution_points (theirs); the rules are rendered once into `logic`, hashed into
-- _logic_fingerprint. sqlfluff cannot place the indentation of text rendered inside a set block, so
-- LT02 is off for the block only.
{{ config(**incremental_customer_config()) }}
-- noqa: disable=LT02
{%- set logic %}
point_summary as (
    select
        contact_id,
        customer_id,
        min(point_at) as first_resolution_point_at,
        max(point_at) as last_resolution_point_at
    from resolution_points
    group by contact_id, customer_id
),

later_contacts as (
    select
        points.contact_id,
        later.contact_id as next_contact_id,
        later.started_at as next_started_at,
        {{ seconds_between('points.point_at', 'later.started_at') }} as seconds_to_next_contact
    from resolution_points as points
    inner join contacts as earlier on points.contact_id = earlier.contact_id
    inner join contacts as later
        on
            earlier.customer_id = later.customer_id
            and earlier.contact_id <> later.contact_id
            and later.started_at > points.point_at
            and later.started_at <= {{ add_hours('points.point_at', recontact_max_hours()) }}
            and {{ recontact_scope_condition('earlier', 'later') }}
),

ranked_later_contacts as (
    select
        contact_id,
        next_contact_id,
        seconds_to_next_contact,
        row_number() over (
            partition by contact_id order by seconds_to_next_contact, next_started_at, next_contact_id
        ) as gap_rank
    from later_contacts
),

reopens as (
    select
        contact_id,
        min({{ seconds_between('reopened_solve_at', 'transitioned_at') }}) as seconds_to_reopen
    from transitions
    where
        transition = 'reopen'
        and reopened_solve_at is not null
        and transitioned_at <= {{ add_hours('reopened_solve_at', recontact_max_hours()) }}
    group by contact_id
),

recontacts as (
    select
        point_summary.contact_id,
        point_summary.first_resolution_point_at,
        point_summary.last_resolution_point_at,
        ranked_later_contacts.next_contact_id,
        ranked_later_contacts.seconds_to_next_contact,
        reopens.seconds_to_reopen,
        {{ least_of(['ranked_later_contacts.seconds_to_next_contact', 'reopens.seconds_to_reopen']) }}
            as seconds_to_recontact,
        point_summary.customer_id
    from point_summary
    left join ranked_later_contacts
        on point_summary.contact_id = ranked_later_contacts.contact_id and ranked_later_contacts.gap_rank = 1
    left join reopens on point_summary.contact_id = reopens.contact_id
)
{%- endset %}
-- noqa: enable=LT02
{%- set logic_fingerprint = logic_fingerprint_text(logic) %}
{%- set scoped = customers_scoped() %}

with
{{ customer_scope_ctes(
    logic_fingerprint, scoped,
    contact_columns=['contact_id', 'customer_id', 'intent', 'intent_cluster', 'started_at'],
    point_columns=['contact_id', 'customer_id', 'point_at']
) }}

transitions as (
    select
        contact_id,
        transition,
        transitioned_at,
        reopened_solve_at
    from {{ ref('int_ticket_transitions') }}
    {%- if scoped %}
    where contact_id in (select contacts.contact_id from contacts)
    {%- endif %}
),

{{ logic }},

final as (
    {{ select_with_customer_fingerprints('recontacts', logic_fingerprint) }}
)

select * from final
