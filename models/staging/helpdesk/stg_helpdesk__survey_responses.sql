{{ config(materialized='view') }}
-- A view (docs/decisions.md D-1813, as D-1805 for messages): the kept versions are a filter on the
-- incremental base model, which holds every column typed, so a table would only copy them again.
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
