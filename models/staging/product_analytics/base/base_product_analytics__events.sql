{{
    config(
        materialized=incremental_materialization(),
        unique_key='_dq_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- Incremental (docs/decisions.md D-1510): each run validates again only the keys that had an arrival
-- since the watermark, and the keys rejected as orphans.
{{ validated_source('product_analytics', 'events', key_columns=['event_id']) }}
