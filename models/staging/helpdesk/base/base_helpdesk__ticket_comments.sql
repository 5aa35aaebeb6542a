{{ validated_source(
    'helpdesk', 'ticket_comments',
    key_columns=['comment_id'],
    parents=[{'column': 'ticket_id', 'relation': ref('stg_helpdesk__tickets'), 'key': 'ticket_id'}],
) }}
