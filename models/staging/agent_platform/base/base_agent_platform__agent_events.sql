{{ validated_source(
    'agent_platform', 'agent_events',
    key_columns=['event_id'],
    parents=[{'column': 'conversation_id', 'relation': ref('stg_agent_platform__conversations'), 'key': 'conversation_id'}],
) }}
