{{
    config(
        materialized=incremental_materialization(),
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- Incremental (docs/decisions.md D-1502): each run replaces the events whose kept version arrived since the watermark.
with validated as (
    select
        event_id,
        customer_id,
        anonymous_id,
        event_name,
        occurred_at,
        page_path,
        session_id,
        properties,
        _loaded_at
    from {{ ref('base_product_analytics__events') }}
    where _dq_reason is null and _dq_version_rank = 1
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
    {%- if is_incremental() %}
        where {{ arrived_since('_loaded_at') }}
    {%- endif %}
)

select * from final
