{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510): each run validates again only the keys that had an arrival
-- since the watermark, and the keys rejected as orphans. Every column is validated; sender_id, which
-- no model reads, is not stored (docs/decisions.md D-1838, as D-1801 for product events).
{{ validated_source(
    'agent_platform', 'messages',
    key_columns=['message_id'],
    parents=[{'column': 'conversation_id', 'relation': ref('stg_agent_platform__conversations'), 'key': 'conversation_id'}],
    checks=[{'reason': 'out_of_range', 'when_bad': 'sentiment_score not between -1 and 1'}],
    not_stored=['sender_id'],
    key_in_dq_key=true,
) }}
