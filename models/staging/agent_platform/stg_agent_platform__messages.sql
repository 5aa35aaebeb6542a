with validated as (
    select
        message_id,
        conversation_id,
        sender_type,
        sender_id,
        sent_at,
        body,
        feedback,
        sentiment_score,
        _loaded_at
    from {{ ref('base_agent_platform__messages') }}
    where _dq_reason is null and _dq_version_rank = 1
),

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
)

select * from final
