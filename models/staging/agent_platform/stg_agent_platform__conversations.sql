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
