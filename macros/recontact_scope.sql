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

{#- The re-contact windows as (column suffix, hours) pairs, in the order their columns appear: first
    ('', recontact_window_hours), the default window's window-free columns (is_recontacted, is_fcr,
    is_ai_fcr, is_recontact_rate_eligible) that every rate, target, alert and the semantic layer
    read; then one per var recontact_windows entry, ('_24h', 24), ... (the per-window columns
    analysts read). The default need not be one of the windows; when it is, both columns hold the
    same values (test recontact_window_flags_are_consistent). docs/decisions.md D-1708. -#}
{% macro recontact_window_columns() %}
    {%- set windows = [('', var('recontact_window_hours'))] -%}
    {%- for suffix, hours in var('recontact_windows').items() -%}
        {%- do windows.append(('_' ~ suffix, hours)) -%}
    {%- endfor -%}
    {{ return(windows) }}
{% endmacro %}

{# Returns the longest re-contact window in hours: the largest of var recontact_windows and var recontact_window_hours. #}
{% macro recontact_max_hours() %}
    {{ return((var('recontact_windows').values() | list + [var('recontact_window_hours')]) | max) }}
{% endmacro %}

{#- The windows whose per-window columns (is_recontacted_<w>, fcr_rate_<w>, ...) the contracts of
    fct_contacts, mart_fcr and mart_recontact declare. Those three models enforce their contract
    while var recontact_windows equals this; with other windows their per-window columns differ from
    the YAML, so the contract is off for them (with a warning) until the YAML declares the new
    columns and this macro lists the new windows. The default window's columns have no suffix and
    are contracted whatever the windows (docs/decisions.md D-1708). -#}
{% macro contracted_recontact_windows() %}
    {{ return({'24h': 24, '72h': 72, '7d': 168}) }}
{% endmacro %}

{# Returns whether the calling model (one whose columns follow var recontact_windows) enforces its contract: true
   when the windows are those contracted_recontact_windows() declares, else false with a warning. #}
{% macro recontact_windows_contract_enforced() %}
    {%- if var('recontact_windows') == contracted_recontact_windows() -%}
        {{ return(true) }}
    {%- endif -%}
    {%- do exceptions.warn(
        model.name ~ ": var recontact_windows " ~ var('recontact_windows') ~ " differs from the windows its contract declares "
        ~ contracted_recontact_windows() ~ "; contract not enforced (docs/decisions.md D-1708)") -%}
    {{ return(false) }}
{% endmacro %}

{# Returns the contact_id of a conversation (when conversation_id is not null) or of a direct ticket: the one key format of int_contacts. #}
{% macro contact_key(conversation_id, ticket_id) %}
    case
        when {{ conversation_id }} is not null then 'conversation:' || {{ conversation_id }}
        else 'ticket:' || {{ ticket_id }}
    end
{% endmacro %}
