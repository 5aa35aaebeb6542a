with validated as (
    select
        response_id,
        conversation_id,
        ticket_id,
        survey_type,
        score,
        responded_at,
        comment,
        _loaded_at
    from {{ ref('base_helpdesk__survey_responses') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        response_id,
        conversation_id,
        ticket_id,
        survey_type,
        score,
        responded_at,
        comment as comment_masked,  -- masked in the base model
        _loaded_at
    from validated
)

select * from final
