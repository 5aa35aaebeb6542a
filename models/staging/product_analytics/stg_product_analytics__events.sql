{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1608): the kept versions are a filter on the base model and one
-- lowercase, so a table would only copy every event a second time. The columns no model reads
-- (anonymous_id, session_id, properties) are validated but not stored (D-1801).
with validated as (
    {{ kept_versions(ref('base_product_analytics__events'), 'event_id') }}
),

final as (
    select
        event_id,
        customer_id,
        lower(event_name) as event_name,
        occurred_at,
        page_path,
        _loaded_at
    from validated
)

select * from final
