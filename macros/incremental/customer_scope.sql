{#
  The customer-scoped contact tables recompute only the customers whose inputs changed
  (docs/decisions.md D-1821): int_contact_resolution_points, int_contact_cases and
  int_contact_recontacts. Each relates the contacts of one customer to each other and to the solves
  and reopens of their tickets, so a customer's rows are a function of its input rows (the customer's
  fingerprint, int_customer_contact_fingerprints) and of the model's rules (its logic fingerprint,
  logic_fingerprint_text of the rendered rules with every var's value). Each stored row carries both,
  as _contact_fingerprint and _logic_fingerprint. An incremental run recomputes the customers whose
  current pair differs from a stored one (new, changed, re-linked contacts or tickets, or another
  logic) and replaces their rows (delete+insert on customer_id); a post-hook deletes the rows of
  customers whose current fingerprint no row was written with: customers without identified contacts
  any more, and a recomputed customer that now has no row at all (its last resolution point gone).
  Engines without incremental models build every customer.
#}

{# The config of a customer-scoped table: use as {{ config(**incremental_customer_config()) }}. #}
{% macro incremental_customer_config() %}
    {{ return({
        'materialized': support_truth.incremental_materialization(),
        'unique_key': 'customer_id',
        'incremental_strategy': 'delete+insert',
        'on_schema_change': 'fail',
        'post_hook': "{{ support_truth.delete_stale_customers() }}",
    }) }}
{% endmacro %}


{# True on an incremental run whose stored table has the fingerprint columns; a table stored before
   D-1821 has not, so the run selects every customer and dbt's schema-change check stops it until a
   --full-refresh (incremental_scoped). #}
{% macro customers_scoped() %}
    {{ return(support_truth.incremental_scoped(['customer_id', '_contact_fingerprint', '_logic_fingerprint'])) }}
{% endmacro %}


{# Returns the CTEs of a customer-scoped table's inputs, each followed by a comma:
    - customer_fingerprints (customer_id, contact_fingerprint): every identified customer's;
    - when `scoped` (customers_scoped()), changed_customers (customer_id): the customers with no
      stored row holding their current contact fingerprint and `logic_fingerprint`;
    - contacts: `contact_columns` of the identified contacts (int_contacts) of those customers
      (of every customer on a full build);
    - with `point_columns`, resolution_points: those columns of their int_contact_resolution_points. #}
{% macro customer_scope_ctes(logic_fingerprint, scoped, contact_columns, point_columns=none) %}
customer_fingerprints as (
    select
        customer_id,
        contact_fingerprint
    from {{ ref('int_customer_contact_fingerprints') }}
),
    {%- if scoped %}

stored_fingerprints as (
    select distinct
        customer_id,
        _contact_fingerprint
    from {{ this }}
    where _logic_fingerprint = '{{ logic_fingerprint }}'
),

changed_customers as (
    select customer_fingerprints.customer_id
    from customer_fingerprints
    left join stored_fingerprints
        on
            customer_fingerprints.customer_id = stored_fingerprints.customer_id
            and customer_fingerprints.contact_fingerprint = stored_fingerprints._contact_fingerprint
    where stored_fingerprints.customer_id is null
),
    {%- endif %}

contacts as (
    select
        {{ contact_columns | join(',\n        ') }}
    from {{ ref('int_contacts') }}
    where customer_id is not null
    {%- if scoped %}
        and customer_id in (select changed_customers.customer_id from changed_customers)
    {%- endif %}
),
    {%- if point_columns %}

resolution_points as (
    select
        {{ point_columns | join(',\n        ') }}
    from {{ ref('int_contact_resolution_points') }}
    {%- if scoped %}
    where customer_id in (select changed_customers.customer_id from changed_customers)
    {%- endif %}
),
    {%- endif %}
{% endmacro %}


{# Returns the final select of a customer-scoped table: every column of CTE `rows` (which has
   customer_id), the customer's current contact fingerprint and `logic_fingerprint`. #}
{% macro select_with_customer_fingerprints(rows, logic_fingerprint) %}
    select
        {{ rows }}.*,
        customer_fingerprints.contact_fingerprint as _contact_fingerprint,
        '{{ logic_fingerprint }}' as _logic_fingerprint
    from {{ rows }}
    left join customer_fingerprints on {{ rows }}.customer_id = customer_fingerprints.customer_id
{%- endmacro %}


{# Post-hook of a customer-scoped table (incremental_customer_config): deletes the rows whose customer
   and contact fingerprint are not a current pair. A run writes every changed customer's rows with
   its current fingerprint and keeps every other customer's rows, whose stored fingerprint is
   current; what is left is a customer whose identified contacts are all gone, or whose recomputed
   rows are none (delete+insert replaces only the customers the run writes rows for). Nothing on a
   full build. A change of logic that leaves a customer with no row keeps its old rows: the run
   writes none with the new logic; a logic change that removes rows needs a --full-refresh, as for
   every incremental model (no rule of the three tables decides which rows exist by a var). #}
{% macro delete_stale_customers() %}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where (customer_id, _contact_fingerprint) not in (
            select
                current_fingerprints.customer_id,
                current_fingerprints.contact_fingerprint
            from {{ ref('int_customer_contact_fingerprints') }} as current_fingerprints
        )
    {%- endif -%}
{% endmacro %}
