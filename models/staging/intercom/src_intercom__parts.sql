-- Intercom conversation parts (current version of each), with the actor as recorded on the
-- part: user / lead / contact -> customer, bot (Fin, Operator) -> ai_agent, admin -> human_agent
-- unless its id is in var intercom_bot_admin_ids (a bot seat) -> ai_agent. Notes are internal.
{%- set bot_admin_ids = var('intercom_bot_admin_ids') %}

with part_versions as (
    select
        cast(id as {{ text_type() }}) as part_id,
        cast(conversation_id as {{ text_type() }}) as conversation_id,
        lower(cast(part_type as {{ text_type() }})) as part_type,
        nullif(trim(cast(author_id as {{ text_type() }})), '') as author_id,
        lower(cast(author_type as {{ text_type() }})) as author_type,
        lower(cast(assigned_to_type as {{ text_type() }})) as assigned_to_type,
        cast(created_at as {{ text_type() }}) as created_at,
        {{ parse_timestamp_utc('cast(created_at as ' ~ text_type() ~ ')') }} as created_at_utc,
        nullif(trim(cast(body as {{ text_type() }})), '') as body,
        cast(_fivetran_synced as {{ text_type() }}) as fivetran_synced,
        {{ fivetran_version_rank() }} as version_rank
    from {{ source('intercom', 'conversation_part_history') }}
),

final as (
    select
        part_id,
        conversation_id,
        part_type,
        author_id,
        author_type,
        case
            when author_type in ('user', 'lead', 'contact') then 'customer'
            when author_type = 'bot' then 'ai_agent'
            {% if bot_admin_ids -%}
            when author_type = 'admin' and author_id in ({{ sql_list(bot_admin_ids) }}) then 'ai_agent'
            {% endif -%}
            when author_type in ('admin', 'team') then 'human_agent'
            else author_type
        end as actor_type,
        assigned_to_type,
        created_at,
        created_at_utc,
        body,
        part_type in ('note', 'note_and_reopen') as is_note,
        fivetran_synced
    from part_versions
    where version_rank = 1
)

select * from final
