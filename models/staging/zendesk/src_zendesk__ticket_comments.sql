-- Zendesk ticket comments in the shape of helpdesk.ticket_comments. The author type is the
-- author's role AT THE TIME of the comment (src_zendesk__user_role_history): an agent then is
-- a human_agent even if an end-user now. An author with no known role is the customer when
-- they are the ticket's requester; otherwise author_type stays null (quarantined as missing).
with comments as (
    select
        cast(id as {{ text_type() }}) as comment_id,
        cast(ticket_id as {{ text_type() }}) as ticket_id,
        nullif(trim(cast(user_id as {{ text_type() }})), '') as author_id,
        cast(created as {{ text_type() }}) as created_at,
        cast(public as {{ text_type() }}) as is_public,
        cast(body as {{ text_type() }}) as body,
        cast(_fivetran_synced as {{ text_type() }}) as _loaded_at
    from {{ source('zendesk', 'ticket_comment') }}
),

-- requester per ticket, deleted tickets too (src_zendesk__tickets leaves them out)
tickets as (
    select
        cast(id as {{ text_type() }}) as ticket_id,
        cast(requester_id as {{ text_type() }}) as requester_id
    from {{ source('zendesk', 'ticket') }}
),

roles as (
    select
        user_id,
        is_agent,
        valid_from,
        valid_to
    from {{ ref('src_zendesk__user_role_history') }}
),

comments_with_role as (
    select
        comments.comment_id,
        comments.ticket_id,
        comments.author_id,
        comments.created_at,
        comments.is_public,
        comments.body,
        comments._loaded_at,
        tickets.requester_id,
        roles.is_agent as is_agent_then
    from comments
    left join tickets on comments.ticket_id = tickets.ticket_id
    left join roles
        on
            comments.author_id = roles.user_id
            and (roles.valid_from is null or {{ parse_timestamp_utc('comments.created_at') }} >= roles.valid_from)
            and (roles.valid_to is null or {{ parse_timestamp_utc('comments.created_at') }} < roles.valid_to)
),

final as (
    select
        comment_id,
        ticket_id,
        case
            when author_id is null or author_id = '-1' then 'system'
            when is_agent_then then 'human_agent'
            when not is_agent_then then 'customer'
            when author_id = requester_id then 'customer'
        end as author_type,
        author_id,
        created_at,
        is_public,
        body,
        _loaded_at
    from comments_with_role
)

select * from final
