{{ config(**incremental_customer_config()) }}
-- One row per resolution point of an identified contact: its end, and every solve of any of its
-- tickets (direct or escalation, re-solves after a reopen included). Re-contact windows and
-- case chaining are measured from these points (docs/decisions.md D-1702).
-- Incremental by customer (D-1821, macro customer_scope_ctes): a run recomputes the customers whose
-- contacts or ticket transitions changed, and the macro gives its CTE contacts (their identified
-- contacts); the rules are rendered once into `logic`, hashed into _logic_fingerprint. sqlfluff
-- cannot place the indentation of text rendered inside a set block, so LT02 is off for the block
-- only.
-- noqa: disable=LT02
{%- set logic %}
solves as (
    select
        contact_id,
        transitioned_at
    from transitions
    where transition = 'solve'
),

points as (
    select
        customer_id,
        contact_id,
        'end' as point_kind,
        ended_at as point_at
    from contacts
    where ended_at is not null
    union all
    select
        contacts.customer_id,
        solves.contact_id,
        'solve' as point_kind,
        solves.transitioned_at as point_at
    from solves
    inner join contacts on solves.contact_id = contacts.contact_id
),

distinct_points as (
    select distinct
        contact_id,
        point_kind,
        point_at,
        customer_id
    from points
)
{%- endset %}
-- noqa: enable=LT02
{%- set logic_fingerprint = logic_fingerprint_text(logic) %}
{%- set scoped = customers_scoped() %}

with
{{ customer_scope_ctes(
    logic_fingerprint, scoped,
    contact_columns=['contact_id', 'customer_id', 'ended_at']
) }}

transitions as (
    select
        contact_id,
        transition,
        transitioned_at
    from {{ ref('int_ticket_transitions') }}
),

{{ logic }},

final as (
    {{ select_with_customer_fingerprints('distinct_points', logic_fingerprint) }}
)

select * from final
