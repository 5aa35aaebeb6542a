{{ validated_source(
    'helpdesk', 'tickets',
    key_columns=['ticket_id'],
    parents=[{'column': 'conversation_id', 'relation': ref('stg_agent_platform__conversations'), 'key': 'conversation_id'}],
    checks=[{'reason': 'out_of_range', 'when_bad': 'handle_minutes < 0'}],
) }}
