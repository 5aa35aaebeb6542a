{{ config(**incremental_replace_config('conversation_id')) }}
-- Incremental (docs/decisions.md D-1502): each run replaces every conversation with a message that arrived
-- since the watermark, or that is new to staging (its conversation arrived late).
with validated as (
    {{ kept_versions(ref('base_agent_platform__messages')) }}
),

{{ changed_conversations_ctes('validated') }}

-- the contract columns in contract order, as src_intercom__messages delivers them
final as (
    select
        message_id,
        conversation_id,
        sender_type,
        sender_id,
        sent_at,
        body as body_masked,  -- masked in the base model
        feedback,
        sentiment_score,
        _loaded_at
    from validated
    {{ in_changed_conversations() }}
)

select * from final
