{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510): each run validates again only the keys that had an arrival
-- since the watermark, and the keys rejected as orphans.
{{ validated_source(
    'agent_platform', 'agent_events',
    key_columns=['event_id'],
    parents=[{'column': 'conversation_id', 'relation': ref('stg_agent_platform__conversations'), 'key': 'conversation_id'}],
    checks=[{'reason': 'out_of_range', 'when_bad': 'cost_usd < 0'}],
    key_in_dq_key=true,
) }}
