{{ validated_source('agent_platform', 'conversations', key_columns=['conversation_id']) }}
