{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510, D-1808): each run validates again only the keys that had an
-- arrival since the watermark, and the keys rejected as orphans.
{{ validated_source('agent_platform', 'conversations', key_columns=['conversation_id']) }}
