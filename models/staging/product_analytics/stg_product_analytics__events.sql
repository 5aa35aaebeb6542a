{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1608): the kept versions are a filter on the base model and one
-- lowercase, so a table would only copy every event a second time.
with validated as (
    {{ kept_versions(ref('base_product_analytics__events')) }}
),

final as (
    select
        event_id,
        customer_id,
        anonymous_id,
        lower(event_name) as event_name,
        occurred_at,
        page_path,
        session_id,
        properties,
        _loaded_at
    from validated
)

select * from final
