{#
  The contacts an incremental run of int_contacts replaces (docs/decisions.md D-1820). Expects the
  CTEs conversations (non-test: conversation_id, customer_id, _loaded_at), customer_arrivals
  (customer_id, _loaded_at: of its CRM row or an account version), tickets (int_ticket_summary:
  ticket_id, conversation_id, customer_id, is_direct, _loaded_at), message_summary and
  agent_summary (conversation_id, _loaded_at) in the calling model. On an incremental run, returns
  the CTEs changed_conversations and changed_direct_tickets, each followed by a comma:
    - an input of the contact arrived since the watermark (the conversation, its messages or
      comments, its agent events, one of its tickets with their comments and status changes; the
      customer's CRM row or a version of its account), or its arrival is unknown (null);
    - the contact is new to the model;
    - a conversation holds another number of escalation tickets than the model stored: a ticket
      re-linked away from it changes it with no arrival of its own.
  Nothing on a full build. The seed intent_catalogue and the vars are not inputs that arrive: a
  change of them needs --full-refresh, as for every incremental model.
#}
{# `scoped`: incremental_scoped(['_loaded_at']) of int_contacts. #}
{% macro changed_contacts_ctes(scoped) %}
    {%- if scoped %}
    {%- set since = support_truth.since_literal(support_truth.incremental_since_text()) %}

arrived_customers as (
    select customer_id from customer_arrivals
    where coalesce(_loaded_at > {{ since }}, true)
),

stored_ticket_counts as (
    select
        conversation_id,
        escalation_ticket_count
    from {{ this }}
    where contact_type = 'conversation'
),

current_ticket_counts as (
    select
        conversation_id,
        count(*) as escalation_ticket_count
    from tickets
    where not is_direct
    group by conversation_id
),

changed_conversations as (
    select conversation_id from conversations
    where
        coalesce(_loaded_at > {{ since }}, true)
        or customer_id in (select arrived_customers.customer_id from arrived_customers)
    union
    select conversation_id from message_summary
    where coalesce(_loaded_at > {{ since }}, true)
    union
    select conversation_id from agent_summary
    where coalesce(_loaded_at > {{ since }}, true)
    union
    select conversation_id from tickets
    where not is_direct and coalesce(_loaded_at > {{ since }}, true)
    union
    select stored_ticket_counts.conversation_id from stored_ticket_counts
    left join current_ticket_counts
        on stored_ticket_counts.conversation_id = current_ticket_counts.conversation_id
    where coalesce(current_ticket_counts.escalation_ticket_count, 0) <> stored_ticket_counts.escalation_ticket_count
    union
    (
        select conversation_id from conversations
        except
        select conversation_id from {{ this }}
        where contact_type = 'conversation'
    )
),

changed_direct_tickets as (
    select ticket_id from tickets
    where
        is_direct
        and (
            coalesce(_loaded_at > {{ since }}, true)
            or customer_id in (select arrived_customers.customer_id from arrived_customers)
        )
    union
    (
        select ticket_id from tickets
        where is_direct
        except
        select ticket_id from {{ this }}
        where contact_type = 'direct_ticket'
    )
),
    {%- endif %}
{% endmacro %}


{# Post-hook of int_contacts (D-1820): after an incremental run, deletes the contacts that are gone
   (the conversation is now test traffic, a direct ticket now belongs to a conversation);
   delete+insert only replaces the contacts a run selects. Nothing on a full build. #}
{% macro delete_vanished_contacts() %}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where contact_id not in (
            select 'conversation:' || conversations.conversation_id
            from {{ ref('stg_agent_platform__conversations') }} as conversations
            where not conversations.is_test and conversations.conversation_id is not null
            union all
            select 'ticket:' || tickets.ticket_id
            from {{ ref('int_ticket_summary') }} as tickets
            where tickets.is_direct and tickets.ticket_id is not null
        )
    {%- endif -%}
{% endmacro %}


{#
  The contacts an incremental run of fct_contacts replaces (docs/decisions.md D-1820). On an
  incremental run, returns the CTE scoped_contacts (contact_id) followed by a comma: the contacts
  whose facts can differ from the stored row by more than as_of:
    - the stored row was computed by another logic (`logic_fingerprint`, the model's
      logic_fingerprint_text: a change of code or of a var recomputes every row);
    - an input changed: the int_contacts row arrived since the watermark (its _loaded_at covers
      every input of the contact), is new, or holds another number of escalation tickets (a ticket
      re-linked away); or the contact's case, re-contact or survey values differ from the stored
      ones (a later contact of the same customer changes them with no arrival of the contact's own);
    - the contact matures: one of its as_of thresholds lies between the stored as_of and the new
      one (pending until last activity + resolution_inactivity_hours, outcome_settles_at, and per
      re-contact window the last resolution point + w and the re-contact clock + w). A flag that
      compares as_of with a threshold t changes between two as_of values exactly when t lies in
      (the lower, the higher]; every as_of rule of fct_contacts is such a comparison.
  Every other stored row equals the full build's but for as_of, which the model's post-hook sets.
  Nothing on a full build.
#}
{# `scoped`: incremental_scoped(['_loaded_at', '_logic_fingerprint']) of fct_contacts. #}
{% macro fct_contacts_scope_ctes(logic_fingerprint, scoped) %}
    {%- if scoped %}
    {%- set since = support_truth.since_literal(support_truth.incremental_since_text()) %}

stored as (
    select
        contact_id,
        as_of,
        escalation_ticket_count,
        case_id,
        contact_index_in_case,
        last_resolution_point_at,
        next_contact_id,
        seconds_to_recontact,
        csat_score,
        ces_score,
        nps_score,
        outcome_settles_at,
        recontact_clock_at,
        _logic_fingerprint
    from {{ this }}
),

as_of_bounds as (
    select
        {{ support_truth.least_of(['stored_as_of.as_of', 'new_as_of.as_of']) }} as low,
        {{ support_truth.greatest_of(['stored_as_of.as_of', 'new_as_of.as_of']) }} as high
    from (select max(as_of) as as_of from stored) as stored_as_of
    cross join (select as_of from {{ ref('int_as_of') }}) as new_as_of
),

{%- set thresholds = [
    support_truth.add_hours('current_contacts.last_activity_at', var('resolution_inactivity_hours')),
    'stored.outcome_settles_at',
] %}
{%- for suffix, hours in support_truth.recontact_window_columns() %}
    {%- do thresholds.append(support_truth.add_hours('stored.last_resolution_point_at', hours)) %}
    {%- do thresholds.append(support_truth.add_hours('stored.recontact_clock_at', hours)) %}
{%- endfor %}

-- One pass over the contacts: those whose inputs changed, and those that mature (a threshold of the
-- stored row lies between the two as_of values).
scoped_contacts as (
    select current_contacts.contact_id
    from {{ ref('int_contacts') }} as current_contacts
    left join stored on current_contacts.contact_id = stored.contact_id
    left join {{ ref('int_contact_cases') }} as current_cases
        on current_contacts.contact_id = current_cases.contact_id
    left join {{ ref('int_contact_recontacts') }} as current_recontacts
        on current_contacts.contact_id = current_recontacts.contact_id
    left join {{ ref('int_contact_surveys') }} as current_surveys
        on current_contacts.contact_id = current_surveys.contact_id
    cross join as_of_bounds
    where
        stored.contact_id is null
        or stored._logic_fingerprint <> '{{ logic_fingerprint }}'
        or coalesce(current_contacts._loaded_at > {{ since }}, true)
        or current_contacts.escalation_ticket_count <> stored.escalation_ticket_count
        or current_cases.case_id is distinct from stored.case_id
        or current_cases.contact_index_in_case is distinct from stored.contact_index_in_case
        or current_recontacts.last_resolution_point_at is distinct from stored.last_resolution_point_at
        or current_recontacts.next_contact_id is distinct from stored.next_contact_id
        or current_recontacts.seconds_to_recontact is distinct from stored.seconds_to_recontact
        or current_surveys.csat_score is distinct from stored.csat_score
        or current_surveys.ces_score is distinct from stored.ces_score
        or current_surveys.nps_score is distinct from stored.nps_score
        {%- for threshold in thresholds %}
        or ({{ threshold }} > as_of_bounds.low and {{ threshold }} <= as_of_bounds.high)
        {%- endfor %}
),
    {%- endif %}
{% endmacro %}


{# Post-hooks of fct_contacts (D-1820): after an incremental run, delete the contacts that are gone
   from int_contacts, and set as_of on the rows the run kept (they differ from a full build's in
   nothing else, fct_contacts_scope_ctes). Nothing on a full build. #}
{% macro delete_vanished_fct_contacts() %}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where contact_id not in (select contacts.contact_id from {{ ref('int_contacts') }} as contacts)
    {%- endif -%}
{% endmacro %}

{% macro set_fct_contacts_as_of() %}
    {%- if is_incremental() -%}
        update {{ this }}
        set as_of = (select new_as_of.as_of from {{ ref('int_as_of') }} as new_as_of)
        where as_of is distinct from (select new_as_of.as_of from {{ ref('int_as_of') }} as new_as_of)
    {%- endif -%}
{% endmacro %}


{# The md5 of a model's rendered logic (its SQL with every var's value) without the database name,
   so that the same rules give the same digest in any warehouse file (D-1820, D-1825). #}
{% macro logic_digest(logic) %}
    {{ return(local_md5(logic | replace('"' ~ this.database ~ '".', ''))) }}
{% endmacro %}


{# A fingerprint of a model's rendered logic (logic_digest), as text in letters only: md5's hex
   digits spelled as letters (a long digit string reads as a phone number to the personal-data
   scan). Stored on each row of fct_contacts (D-1820). #}
{% macro logic_fingerprint_text(logic) %}
    {%- set digest = support_truth.logic_digest(logic) -%}
    {%- set letters = 'ghijklmnop' -%}
    {%- set spelled = [] -%}
    {%- for character in digest -%}
        {%- do spelled.append(letters[character | int] if character in '0123456789' else character) -%}
    {%- endfor -%}
    {{ return(spelled | join('')) }}
{% endmacro %}
