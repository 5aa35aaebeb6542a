{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1813, as D-1805 for messages): the kept versions are a filter on the
-- incremental base model, which holds every column typed, so a table would only copy them again.
with validated as (
    {{ kept_versions(ref('base_agent_platform__conversations')) }}
),

final as (
    select
        conversation_id,
        customer_id,
        channel,
        started_at,
        ended_at,
        first_handler,
        agent_version,
        experiment_key,
        experiment_variant,
        lower(language) as language,
        coalesce(is_test, false) as is_test,
        _loaded_at
    from validated
)

select * from final
