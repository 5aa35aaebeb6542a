{{ validated_source(
    'helpdesk', 'ticket_status_changes',
    key_columns=['ticket_id', 'status', 'changed_at'],
    parents=[{'column': 'ticket_id', 'relation': ref('stg_helpdesk__tickets'), 'key': 'ticket_id'}],
) }}
