with validated as (
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
        language,
        is_test,
        _loaded_at
    from {{ ref('base_agent_platform__conversations') }}
    where _dq_reason is null and _dq_version_rank = 1
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
