-- Intercom internal notes as helpdesk.ticket_comments rows (is_public false). Every
-- customer-visible part is already a message (src_intercom__messages); repeating it as a
-- comment would count each human reply twice in the conversation timeline.
with notes as (
    select * from {{ ref('src_intercom__parts') }}
    where is_note
),

final as (
    select
        part_id as comment_id,
        conversation_id as ticket_id,
        case when actor_type = 'ai_agent' then 'system' else actor_type end as author_type,
        author_id,
        created_at,
        'false' as is_public,
        body,
        fivetran_synced as _loaded_at
    from notes
)

select * from final
