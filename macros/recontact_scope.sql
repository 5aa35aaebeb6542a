{# Returns the SQL condition under which contact `b` is in the same re-contact scope as contact `a` (var recontact_match_scope). #}
{% macro recontact_scope_condition(a, b) %}
    {%- set scope = var('recontact_match_scope') -%}
    {%- if scope == 'same_cluster' -%}
        {{ a }}.intent_cluster = {{ b }}.intent_cluster
    {%- elif scope == 'same_intent' -%}
        {{ a }}.intent = {{ b }}.intent
    {%- elif scope == 'any' -%}
        1 = 1
    {%- else -%}
        {{ exceptions.raise_compiler_error("var recontact_match_scope must be same_cluster, same_intent or any, not '" ~ scope ~ "'") }}
    {%- endif -%}
{% endmacro %}

{# Returns the scope partition expression for contacts aliased `a` (same scope = same value). #}
{% macro recontact_scope_key(a) %}
    {%- set scope = var('recontact_match_scope') -%}
    {%- if scope == 'same_cluster' -%}
        {{ a }}.intent_cluster
    {%- elif scope == 'same_intent' -%}
        {{ a }}.intent
    {%- else -%}
        'any'
    {%- endif -%}
{% endmacro %}

{# Returns the column suffix (e.g. 72h) of the recontact_windows entry equal to var recontact_window_hours. #}
{% macro recontact_default_suffix() %}
    {%- for suffix, hours in var('recontact_windows').items() if hours == var('recontact_window_hours') -%}
        {{ return(suffix) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("var recontact_window_hours must equal one of the recontact_windows hours") }}
{% endmacro %}

{# Returns the longest re-contact window in hours (the largest value of var recontact_windows). #}
{% macro recontact_max_hours() %}
    {{ return(var('recontact_windows').values() | max) }}
{% endmacro %}

{# Returns the contact_id of a conversation (when conversation_id is not null) or of a direct ticket: the one key format of int_contacts. #}
{% macro contact_key(conversation_id, ticket_id) %}
    case
        when {{ conversation_id }} is not null then 'conversation:' || {{ conversation_id }}
        else 'ticket:' || {{ ticket_id }}
    end
{% endmacro %}
