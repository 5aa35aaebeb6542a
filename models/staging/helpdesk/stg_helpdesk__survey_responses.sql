with validated as (
    {{ kept_versions(ref('base_helpdesk__survey_responses')) }}
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
