-- Zendesk tickets in the shape of the helpdesk.tickets contract table (text columns; the native
-- base_helpdesk__tickets validates them). Deleted tickets are not contacts and are left out.
{%- set cols = relation_column_names(source('zendesk', 'ticket')) %}
{%- set conversation_column = var('zendesk_conversation_id_column') %}
{%- set intent_column = var('zendesk_intent_column') %}

with tickets as (
    select
        {{ vendor_column(cols, 'id') }} as ticket_id,
        {{ vendor_column(cols, 'requester_id') }} as requester_id,
        {% if conversation_column -%}
            {{ vendor_column(cols, conversation_column) }}
        {%- else -%}
            cast(null as {{ text_type() }})
        {%- endif %} as conversation_id,
        lower({{ vendor_column(cols, 'via_channel') }}) as via_channel,
        {{ vendor_column(cols, 'created_at') }} as created_at,
        lower({{ vendor_column(cols, 'status') }}) as zendesk_status,
        {{ vendor_column(cols, 'assignee_id') }} as assignee_id,
        {{ vendor_column(cols, 'group_id') }} as group_id,
        lower({{ vendor_column(cols, 'priority') }}) as priority,
        {% if intent_column -%}
            {{ vendor_column(cols, intent_column) }}
        {%- else -%}
            cast(null as {{ text_type() }})
        {%- endif %} as intent,
        {{ vendor_column(cols, 'updated_at') }} as updated_at,
        {{ vendor_column(cols, '_fivetran_deleted') }} as fivetran_deleted,
        {{ vendor_column(cols, '_fivetran_synced') }} as fivetran_synced
    from {{ source('zendesk', 'ticket') }}
),

users as (
    select
        cast(id as {{ text_type() }}) as user_id,
        nullif(trim(cast(external_id as {{ text_type() }})), '') as external_id
    from {{ source('zendesk', 'user') }}
),

groups as (
    select
        cast(id as {{ text_type() }}) as group_id,
        cast(name as {{ text_type() }}) as group_name
    from {{ source('zendesk', 'group') }}
),

final as (
    select
        tickets.ticket_id,
        -- the CRM key is the requester's external_id when the account sets it
        coalesce(users.external_id, tickets.requester_id) as customer_id,
        tickets.conversation_id,
        case
            when tickets.via_channel = 'web' then 'web_form'
            when tickets.via_channel in ('chat', 'native_messaging', 'mobile_sdk', 'mobile') then 'chat'
            when tickets.via_channel = 'sunshine_conversations_api' then 'chat'
            when tickets.via_channel in ('voice', 'phone_call_inbound', 'phone_call_outbound') then 'voice'
            when tickets.via_channel in ('twitter', 'facebook', 'instagram_dm', 'whatsapp', 'line', 'wechat')
                then 'social'
            else tickets.via_channel
        end as channel,
        tickets.created_at,
        case
            when tickets.zendesk_status in ('hold', 'on-hold', 'on hold') then 'on_hold'
            else tickets.zendesk_status
        end as status,
        tickets.assignee_id,
        groups.group_name,
        tickets.priority,
        tickets.intent,
        cast(null as {{ text_type() }}) as handle_minutes,
        tickets.updated_at,
        tickets.fivetran_synced as _loaded_at
    from tickets
    left join users on tickets.requester_id = users.user_id
    left join groups on tickets.group_id = groups.group_id
    where
        coalesce(tickets.zendesk_status, '') <> 'deleted'
        and coalesce(lower(tickets.fivetran_deleted), 'false') not in ('true', '1', 't')
)

select * from final
