{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1805, as D-1608 for product events): the kept versions are a filter on
-- the incremental base model, which already holds every column typed and the body masked, so a table
-- would only copy every message a second time.
with validated as (
    {{ kept_versions(ref('base_agent_platform__messages'), 'message_id') }}
),

-- the contract columns in contract order, as src_intercom__messages delivers them, but sender_id:
-- no model reads it, so the base model validates it and does not store it (D-1838)
final as (
    select
        message_id,
        conversation_id,
        sender_type,
        sent_at,
        body as body_masked,  -- masked in the base model
        feedback,
        sentiment_score,
        _loaded_at
    from validated
)

select * from final
