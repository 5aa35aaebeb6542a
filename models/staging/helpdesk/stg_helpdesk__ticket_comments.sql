with validated as (
    select
        comment_id,
        ticket_id,
        author_type,
        author_id,
        created_at,
        is_public,
        body,
        _loaded_at
    from {{ ref('base_helpdesk__ticket_comments') }}
    where _dq_reason is null and _dq_version_rank = 1
),

final as (
    select
        comment_id,
        ticket_id,
        author_type,
        author_id,
        created_at,
        coalesce(is_public, true) as is_public,
        body as body_masked,  -- masked in the base model
        _loaded_at
    from validated
)

select * from final
