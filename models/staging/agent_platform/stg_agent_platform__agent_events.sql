{{ config(**incremental_replace_config('conversation_id')) }}
-- Incremental (docs/decisions.md D-1502): each run replaces every conversation with an agent event that arrived
-- since the watermark, or that is new to staging (its conversation arrived late).
with validated as (
    {{ kept_versions(ref('base_agent_platform__agent_events')) }}
),

{{ changed_conversations_ctes('validated') }}

final as (
    select
        event_id,
        conversation_id,
        event_type,
        occurred_at,
        coalesce(cost_usd, 0) as cost_usd,
        {{ json_get_text('attributes', 'intent') }} as intent,
        {{ parse_text_as(json_get_text('attributes', 'confidence'), 'double') }} as intent_confidence,
        {{ json_get_text('attributes', 'tool') }} as tool_name,
        {{ parse_boolean(json_get_text('attributes', 'success')) }} as is_tool_success,
        {{ json_get_text('attributes', 'policy_id') }} as policy_id,
        {{ parse_boolean(json_get_text('attributes', 'passed')) }} as is_policy_passed,
        lower({{ json_get_text('attributes', 'severity') }}) as policy_severity,
        {{ json_get_text('attributes', 'action_key') }} as action_key,
        {{ json_get_text('attributes', 'reason_code') }} as handoff_reason_code,
        lower({{ json_get_text('attributes', 'initiated_by') }}) as handoff_initiated_by,
        {{ parse_boolean(json_get_text('attributes', 'summary_provided')) }} as is_handoff_summary_provided,
        lower({{ json_get_text('attributes', 'verdict') }}) as judge_verdict,
        {{ parse_boolean(json_get_text('attributes', 'relevant')) }} as is_judged_relevant,
        {{ parse_boolean(json_get_text('attributes', 'accurate')) }} as is_judged_accurate,
        {{ parse_boolean(json_get_text('attributes', 'safe')) }} as is_judged_safe,
        {{ json_get_text('attributes', 'model') }} as llm_model,
        {{ parse_text_as(json_get_text('attributes', 'input_tokens'), 'bigint') }} as llm_input_tokens,
        {{ parse_text_as(json_get_text('attributes', 'output_tokens'), 'bigint') }} as llm_output_tokens,
        lower({{ json_get_text('attributes', 'closed_by') }}) as closed_by,
        attributes,
        _loaded_at
    from validated
    {{ in_changed_conversations() }}
)

select * from final
