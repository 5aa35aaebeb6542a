{{
    config(
        materialized=incremental_materialization(),
        unique_key='conversation_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- Incremental (docs/decisions.md D-1502): each run replaces every conversation with a message that arrived
-- since the watermark, or that is new to staging (its conversation arrived late).
with validated as (
    {{ kept_versions(ref('base_agent_platform__messages')) }}
),
{%- if is_incremental() %}

    new_conversations as (
        select conversation_id from validated
        except
        select conversation_id from {{ this }}
    ),

    changed_conversations as (
        select conversation_id from validated
        where {{ arrived_since('_loaded_at') }}
        union
        select conversation_id from new_conversations
    ),
{%- endif %}

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
    {%- if is_incremental() %}
        where conversation_id in (select changed_conversations.conversation_id from changed_conversations)
    {%- endif %}
)

select * from final
