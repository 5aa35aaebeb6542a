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


{# On an incremental run, returns two CTEs, each followed by a comma: new_conversations (in `rows`,
   a CTE with conversation_id and _loaded_at, but not yet in this model: arrived late) and
   changed_conversations (with a row arrived since the watermark, or new). Nothing on a full build. #}
{% macro changed_conversations_ctes(rows) %}
    {%- if is_incremental() %}
new_conversations as (
    select conversation_id from {{ rows }}
    except
    select conversation_id from {{ this }}
),

changed_conversations as (
    select conversation_id from {{ rows }}
    where {{ support_truth.arrived_since('_loaded_at') }}
    union
    select conversation_id from new_conversations
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
