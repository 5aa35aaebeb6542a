-- Intercom conversation ratings (current version; 1-5) as csat rows of helpdesk.survey_responses,
-- about the conversation (ticket_id null).
with ratings as (
    select * from {{ ref('src_intercom__conversation_versions') }}
    where is_current and rating_value is not null
),

final as (
    select
        'intercom_rating:' || conversation_id as response_id,
        conversation_id,
        cast(null as {{ text_type() }}) as ticket_id,
        'csat' as survey_type,
        rating_value as score,
        rating_created_at as responded_at,
        rating_remark as comment,
        fivetran_synced as _loaded_at
    from ratings
)

select * from final
