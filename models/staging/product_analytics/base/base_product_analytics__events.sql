{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510): each run validates again only the keys that had an arrival
-- since the watermark, and the keys rejected as orphans. Every column is validated, but only the
-- columns a reader needs are written (D-1801): anonymous_id, session_id and properties are checked
-- (a malformed properties value still quarantines the row, with its raw values) and not stored.
{{ validated_source(
    'product_analytics', 'events', key_columns=['event_id'],
    not_stored=['anonymous_id', 'session_id', 'properties'], key_in_dq_key=true
) }}
