{{ config(**incremental_replace_config('conversation_id')) }}
-- Incremental (docs/decisions.md D-1502, D-1822): each run replaces every conversation with an agent event that
-- arrived since the watermark, or that arrived itself (it releases the events held back as its orphans).
-- The attribute keys staging reads, parsed from the JSON once per row (docs/decisions.md D-1815).
-- The JSON itself is not stored again: no model reads it here, and base_agent_platform__agent_events
-- keeps it (D-1838).
{%- set keys = [
    'intent', 'confidence', 'tool', 'success', 'policy_id', 'passed', 'severity', 'action_key',
    'reason_code', 'initiated_by', 'summary_provided', 'verdict', 'relevant', 'accurate', 'safe',
    'model', 'input_tokens', 'output_tokens', 'closed_by'
] %}
with validated as {{ not_materialized() }} (
    {{ kept_versions(ref('base_agent_platform__agent_events'), 'event_id') }}
),

{{ changed_conversations_ctes('validated', ref('stg_agent_platform__conversations')) }}

parsed as (
    select
        validated.*,
        {{ json_get_texts('attributes', keys) }} as attribute_texts
    from validated
    {{ in_changed_conversations() }}
),

final as (
    select
        event_id,
        conversation_id,
        event_type,
        occurred_at,
        coalesce(cost_usd, 0) as cost_usd,
        {{ json_text_at('attribute_texts', keys, 'intent') }} as intent,
        {{ parse_text_as(json_text_at('attribute_texts', keys, 'confidence'), 'double') }} as intent_confidence,
        {{ json_text_at('attribute_texts', keys, 'tool') }} as tool_name,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'success')) }} as is_tool_success,
        {{ json_text_at('attribute_texts', keys, 'policy_id') }} as policy_id,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'passed')) }} as is_policy_passed,
        lower({{ json_text_at('attribute_texts', keys, 'severity') }}) as policy_severity,
        {{ json_text_at('attribute_texts', keys, 'action_key') }} as action_key,
        {{ json_text_at('attribute_texts', keys, 'reason_code') }} as handoff_reason_code,
        lower({{ json_text_at('attribute_texts', keys, 'initiated_by') }}) as handoff_initiated_by,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'summary_provided')) }} as is_handoff_summary_provided,
        lower({{ json_text_at('attribute_texts', keys, 'verdict') }}) as judge_verdict,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'relevant')) }} as is_judged_relevant,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'accurate')) }} as is_judged_accurate,
        {{ parse_boolean(json_text_at('attribute_texts', keys, 'safe')) }} as is_judged_safe,
        {{ json_text_at('attribute_texts', keys, 'model') }} as llm_model,
        {{ parse_text_as(json_text_at('attribute_texts', keys, 'input_tokens'), 'bigint') }} as llm_input_tokens,
        {{ parse_text_as(json_text_at('attribute_texts', keys, 'output_tokens'), 'bigint') }} as llm_output_tokens,
        lower({{ json_text_at('attribute_texts', keys, 'closed_by') }}) as closed_by,
        _loaded_at
    from parsed
)

select * from final
