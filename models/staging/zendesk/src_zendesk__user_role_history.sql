-- Zendesk users' agent / end-user role over time: one row per user and validity interval.
-- Role changes come from audit_log ("Support role changed from X to Y", source_type user);
-- before a user's first change the role is its `from`, after each change its `to`. Users
-- without a change keep their current role always, and so does every user when the connector
-- does not sync audit_log or var zendesk_using_audit_log is false (docs/decisions.md D-2105).
-- A Support role other than "not set" / end-user makes the user an agent.
{%- set audit_columns = ['source_id', 'source_type', 'created_at', 'change_description'] %}
{%- set audit_log = optional_source('zendesk', 'audit_log', audit_columns)
    if var('zendesk_using_audit_log', true) else absent_relation(audit_columns, 'audit_log') %}
with users as (
    select
        cast(id as {{ text_type() }}) as user_id,
        lower(cast(role as {{ text_type() }})) as role_now
    from {{ source('zendesk', 'user') }}
),

role_changes as (
    select
        cast(source_id as {{ text_type() }}) as user_id,
        {{ parse_timestamp_utc('cast(created_at as ' ~ text_type() ~ ')') }} as changed_at,
        lower(trim({{ regex_extract('cast(change_description as ' ~ text_type() ~ ')',
            'support role changed from ([a-z -]+?) to ([a-z -]+)', 1) }})) as role_from,
        lower(trim({{ regex_extract('cast(change_description as ' ~ text_type() ~ ')',
            'support role changed from ([a-z -]+?) to ([a-z -]+)', 2) }})) as role_to
    from {{ audit_log }}
    where lower(cast(source_type as {{ text_type() }})) = 'user'
),

ordered_changes as (
    select
        user_id,
        changed_at,
        role_from,
        role_to,
        row_number() over (partition by user_id order by changed_at) as change_number,
        lead(changed_at) over (partition by user_id order by changed_at) as next_changed_at
    from role_changes
    where role_from is not null and role_to is not null and changed_at is not null
),

intervals as (
    -- before the first recorded change
    select
        user_id,
        role_from as support_role,
        cast(null as timestamp) as valid_from,
        changed_at as valid_to,
        'audit_log' as role_source
    from ordered_changes
    where change_number = 1

    union all

    -- after each change, until the next one
    select
        user_id,
        role_to as support_role,
        changed_at as valid_from,
        next_changed_at as valid_to,
        'audit_log' as role_source
    from ordered_changes

    union all

    -- users with no recorded change: their current role throughout
    select
        users.user_id,
        users.role_now as support_role,
        cast(null as timestamp) as valid_from,
        cast(null as timestamp) as valid_to,
        'current_role' as role_source
    from users
    where users.user_id not in (select ordered_changes.user_id from ordered_changes)
),

final as (
    select
        user_id,
        support_role,
        coalesce(support_role not in ('not set', 'end-user', 'end user', 'enduser'), false) as is_agent,
        valid_from,
        valid_to,
        role_source
    from intervals
)

select * from final
