{{ config(**incremental_replace_config('_dq_scope')) }}
-- Incremental per ticket (docs/decisions.md D-1808): the key has a typed part (changed_at), whose
-- versions may be spelled in several raw texts, so each run validates again every raw row of a ticket
-- with an arrival since the watermark (or an orphan row), and replaces the ticket's rows.
{{ validated_source(
    'helpdesk', 'ticket_status_changes',
    key_columns=['ticket_id', 'status', 'changed_at'],
    parents=[{'column': 'ticket_id', 'relation': ref('stg_helpdesk__tickets'), 'key': 'ticket_id'}],
    scope_column='ticket_id',
) }}
