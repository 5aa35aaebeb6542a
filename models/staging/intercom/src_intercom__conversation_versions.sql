-- Every version of every Intercom conversation, typed for the adapter's other models, with
-- is_current for the version that describes the conversation now (_fivetran_active, else the
-- latest updated_at).
with versions as (
    select
        cast(id as {{ text_type() }}) as conversation_id,
        cast(created_at as {{ text_type() }}) as created_at,
        cast(updated_at as {{ text_type() }}) as updated_at,
        {{ parse_timestamp_utc('cast(updated_at as ' ~ text_type() ~ ')') }} as updated_at_utc,
        lower(cast(state as {{ text_type() }})) as state,
        nullif(trim(cast(assignee_id as {{ text_type() }})), '') as assignee_id,
        lower(cast(assignee_type as {{ text_type() }})) as assignee_type,
        lower(cast(priority as {{ text_type() }})) as priority,
        lower(cast(source_type as {{ text_type() }})) as source_type,
        nullif(trim(cast(source_author_id as {{ text_type() }})), '') as source_author_id,
        lower(cast(source_author_type as {{ text_type() }})) as source_author_type,
        cast(source_body as {{ text_type() }}) as source_body,
        cast(conversation_rating_value as {{ text_type() }}) as rating_value,
        cast(conversation_rating_remark as {{ text_type() }}) as rating_remark,
        cast(conversation_rating_created_at as {{ text_type() }}) as rating_created_at,
        {{ fivetran_is_active() }} as is_active,
        cast(_fivetran_synced as {{ text_type() }}) as fivetran_synced
    from {{ source('intercom', 'conversation_history') }}
),

ranked as (
    select
        versions.*,
        row_number() over (
            partition by conversation_id
            order by case when is_active then 0 else 1 end, updated_at_utc desc nulls last, fivetran_synced desc
        ) as current_rank
    from versions
),

final as (
    select
        conversation_id,
        created_at,
        updated_at,
        updated_at_utc,
        state,
        assignee_id,
        assignee_type,
        priority,
        source_type,
        source_author_id,
        source_author_type,
        source_body,
        rating_value,
        rating_remark,
        rating_created_at,
        fivetran_synced,
        current_rank = 1 as is_current
    from ranked
)

select * from final
