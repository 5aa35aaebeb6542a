{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510, D-1808): each run validates again only the keys that had an
-- arrival since the watermark, and the keys rejected as orphans.
{{ validated_source(
    'helpdesk', 'ticket_comments',
    key_columns=['comment_id'],
    parents=[{'column': 'ticket_id', 'relation': ref('stg_helpdesk__tickets'), 'key': 'ticket_id'}],
) }}
