{#
  Incremental staging models (docs/decisions.md D-1502, D-1510): each run replaces the rows of the
  keys that new arrivals can change (delete+insert on the key).
#}

{# Returns the config of an incremental staging model replacing its rows by `unique_key`:
   use as {{ config(**incremental_replace_config('key')) }}. #}
{% macro incremental_replace_config(unique_key) %}
    {{ return({
        'materialized': support_truth.incremental_materialization(),
        'unique_key': unique_key,
        'incremental_strategy': 'delete+insert',
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}


{# On an incremental run, returns the CTE changed_conversations, followed by a comma: the
   conversations with a row of `rows` (a CTE with conversation_id and _loaded_at) arrived since the
   watermark, and those whose row of `conversations` (the staged conversations) did. A conversation
   arriving releases the rows staging rejected as its orphans, whatever their own arrival: they
   are new to the model then, and only then (docs/decisions.md D-1822). Nothing on a full build. #}
{% macro changed_conversations_ctes(rows, conversations) %}
    {%- if is_incremental() %}
    {#- One watermark lookup for both arrival tests. #}
    {%- set arrived = support_truth.arrived_since('_loaded_at') %}
changed_conversations as (
    select conversation_id from {{ rows }}
    where {{ arrived }}
    union
    select conversation_id from {{ conversations }}
    where {{ arrived }}
),
    {%- endif %}
{% endmacro %}


{# On an incremental run, returns the where clause keeping the rows of changed_conversations
   (changed_conversations_ctes()); nothing on a full build. #}
{% macro in_changed_conversations() %}
    {%- if is_incremental() %}
    where conversation_id in (select changed_conversations.conversation_id from changed_conversations)
    {%- endif %}
{% endmacro %}
