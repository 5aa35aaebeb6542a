with validated as (
    {{ kept_versions(ref('base_helpdesk__ticket_comments')) }}
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
