{{ config(post_hook="{{ delete_vanished_contacts() }}", **incremental_replace_config('contact_id')) }}
{%- set scoped = incremental_scoped(['_loaded_at']) %}
-- One row per contact (docs/metrics.md): every non-test conversation, whoever handled it, and every
-- direct helpdesk ticket. Escalation tickets are folded into their conversation's contact.
-- Incremental (docs/decisions.md D-1820): a run replaces the contacts one of whose inputs arrived
-- since the watermark (macro changed_contacts_ctes), and a post-hook deletes the contacts that are
-- gone. _loaded_at is the latest arrival of the contact's conversation, messages, agent events,
-- tickets (with their comments and status changes), CRM customer row and account versions.
with conversations as (
    select *
    from {{ ref('stg_agent_platform__conversations') }}
    where not is_test
),

customers as (
    select
        customer_id,
        account_id,
        _loaded_at
    from {{ ref('stg_crm__customers') }}
),

account_versions as (
    select
        account_id,
        segment,
        _loaded_at,
        version_rank
    from {{ ref('stg_crm__account_versions') }}
),

-- The latest arrival of the customer's CRM row or of a version of its account.
customer_arrivals as (
    select
        customers.customer_id,
        {{ greatest_of(['max(customers._loaded_at)', 'max(account_versions._loaded_at)']) }} as _loaded_at
    from customers
    left join account_versions on customers.account_id = account_versions.account_id
    group by customers.customer_id
),

intents as (
    select
        intent,
        intent_cluster,
        complexity_tier,
        needs_human,
        requires_backend_action
    from {{ ref('intent_catalogue') }}
),

tickets as (
    select
        ticket_id,
        customer_id,
        conversation_id,
        is_direct,
        channel,
        created_at,
        intent,
        handle_minutes,
        is_solved_now,
        first_solved_at,
        last_solved_at,
        first_reopened_at,
        reopen_count,
        first_human_reply_at,
        human_reply_count,
        customer_comment_count,
        _loaded_at
    from {{ ref('int_ticket_summary') }}
),

message_summary as {{ not_materialized() }} (
    select * from {{ ref('int_conversation_message_summary') }}
),

agent_summary as {{ not_materialized() }} (
    select * from {{ ref('int_conversation_agent_event_summary') }}
),

{{ changed_contacts_ctes(scoped) }}

escalation_tickets as (
    select
        tickets.*,
        row_number() over (partition by conversation_id order by created_at, ticket_id) as ticket_rank
    from tickets
    where not is_direct
    {%- if scoped %}
        and conversation_id in (select changed_conversations.conversation_id from changed_conversations)
    {%- endif %}
),

conversation_tickets as (
    select
        conversation_id,
        count(*) as escalation_ticket_count,
        max(case when ticket_rank = 1 then ticket_id end) as ticket_id,
        max(case when ticket_rank = 1 then intent end) as ticket_intent,
        min(created_at) as first_ticket_created_at,
        min(first_human_reply_at) as first_ticket_human_reply_at,
        sum(human_reply_count) as ticket_human_reply_count,
        {{ bool_and_agg('is_solved_now') }} as are_tickets_solved_now,
        max(first_solved_at) as tickets_solved_at,
        max(last_solved_at) as tickets_last_solved_at,
        min(first_reopened_at) as first_reopened_at,
        {{ sum_count('reopen_count') }} as reopen_count,
        sum(handle_minutes) as handle_minutes,
        max(_loaded_at) as _loaded_at
    from escalation_tickets
    group by conversation_id
),

-- The conversations this run replaces (every one on a full build), chosen before the joins below:
-- with the filter after them, DuckDB joined the summaries of every conversation first (D-1832).
scoped_conversations as (
    select * from conversations
    {%- if scoped %}
    where conversation_id in (select changed_conversations.conversation_id from changed_conversations)
    {%- endif %}
),

conversation_contacts as (
    select
        'conversation:' || scoped_conversations.conversation_id as contact_id,
        'conversation' as contact_type,
        scoped_conversations.conversation_id,
        conversation_tickets.ticket_id,
        scoped_conversations.customer_id,
        scoped_conversations.channel,
        scoped_conversations.started_at,
        scoped_conversations.ended_at,
        coalesce(
            scoped_conversations.first_handler,
            case
                when
                    coalesce(message_summary.ai_message_count, 0) > 0
                    and (
                        message_summary.first_human_reply_at is null
                        or message_summary.first_ai_response_at <= message_summary.first_human_reply_at
                    )
                    then 'ai_agent'
                when coalesce(message_summary.human_reply_count, 0) > 0 then 'human_agent'
            end,
            'ai_agent'
        ) as first_handler,
        scoped_conversations.agent_version,
        scoped_conversations.experiment_key,
        scoped_conversations.experiment_variant,
        scoped_conversations.language,
        coalesce(agent_summary.ai_intent, conversation_tickets.ticket_intent) as intent,
        agent_summary.ai_intent_confidence,
        coalesce(message_summary.ai_message_count, 0) as ai_message_count,
        coalesce(message_summary.ai_answer_count, 0) as ai_answer_count,
        coalesce(message_summary.customer_message_count, 0) as customer_message_count,
        coalesce(message_summary.human_message_count, 0) as human_message_count,
        coalesce(message_summary.human_reply_count, 0) as human_reply_count,
        message_summary.first_ai_response_at,
        message_summary.last_ai_answer_at,
        message_summary.last_ai_answer_feedback,
        message_summary.first_human_reply_at,
        message_summary.last_customer_message_at,
        message_summary.last_activity_at,
        message_summary.last_message_at,
        coalesce(message_summary.has_confirmation_after_last_answer, false) as has_confirmation_after_last_answer,
        coalesce(message_summary.has_negative_message_after_last_answer, false)
            as has_negative_message_after_last_answer,
        coalesce(message_summary.has_customer_message_after_last_answer, false)
            as has_customer_message_after_last_answer,
        coalesce(message_summary.has_confused_follow_up, false) as has_confused_follow_up,
        coalesce(message_summary.has_human_request, false) as has_human_request,
        coalesce(message_summary.has_info_given_before_human, false) as has_info_given_before_human,
        coalesce(message_summary.has_human_asked_known_info, false) as has_human_asked_known_info,
        coalesce(message_summary.has_already_said_complaint, false) as has_already_said_complaint,
        message_summary.sentiment_start,
        message_summary.sentiment_end,
        coalesce(agent_summary.has_intent_classified, false) as has_intent_classified,
        coalesce(agent_summary.tool_call_count, 0) as tool_call_count,
        coalesce(agent_summary.tool_failure_count, 0) as tool_failure_count,
        coalesce(agent_summary.policy_check_count, 0) as policy_check_count,
        coalesce(agent_summary.policy_failure_count, 0) as policy_failure_count,
        coalesce(agent_summary.critical_policy_failure_count, 0) as critical_policy_failure_count,
        coalesce(agent_summary.instruction_count, 0) as instruction_count,
        coalesce(agent_summary.handoff_count, 0) as handoff_count,
        agent_summary.first_handoff_at,
        agent_summary.handoff_reason_code,
        agent_summary.handoff_initiated_by,
        agent_summary.is_handoff_summary_provided,
        agent_summary.judge_verdict,
        agent_summary.case_closed_by,
        coalesce(agent_summary.ai_event_cost_usd, 0) as ai_event_cost_usd,
        coalesce(conversation_tickets.escalation_ticket_count, 0) as escalation_ticket_count,
        conversation_tickets.first_ticket_created_at,
        coalesce(conversation_tickets.ticket_human_reply_count, 0) as ticket_human_reply_count,
        conversation_tickets.are_tickets_solved_now,
        conversation_tickets.tickets_solved_at,
        conversation_tickets.tickets_last_solved_at,
        conversation_tickets.first_reopened_at,
        coalesce(conversation_tickets.reopen_count, 0) as reopen_count,
        conversation_tickets.handle_minutes,
        {{ greatest_of([
            'scoped_conversations._loaded_at', 'message_summary._loaded_at', 'agent_summary._loaded_at',
            'conversation_tickets._loaded_at', 'customer_arrivals._loaded_at',
        ]) }} as _loaded_at
    from scoped_conversations
    left join customer_arrivals on scoped_conversations.customer_id = customer_arrivals.customer_id
    left join message_summary on scoped_conversations.conversation_id = message_summary.conversation_id
    left join agent_summary on scoped_conversations.conversation_id = agent_summary.conversation_id
    left join conversation_tickets on scoped_conversations.conversation_id = conversation_tickets.conversation_id
),

direct_tickets as (
    select
        tickets.*,
        customer_arrivals._loaded_at as customer_loaded_at
    from tickets
    left join customer_arrivals on tickets.customer_id = customer_arrivals.customer_id
    where tickets.is_direct
    {%- if scoped %}
        and tickets.ticket_id in (select changed_direct_tickets.ticket_id from changed_direct_tickets)
    {%- endif %}
),

direct_ticket_contacts as (
    select
        'ticket:' || ticket_id as contact_id,
        'direct_ticket' as contact_type,
        cast(null as {{ text_type() }}) as conversation_id,
        ticket_id,
        customer_id,
        channel,
        created_at as started_at,
        first_solved_at as ended_at,
        'human_agent' as first_handler,
        cast(null as {{ text_type() }}) as agent_version,
        cast(null as {{ text_type() }}) as experiment_key,
        cast(null as {{ text_type() }}) as experiment_variant,
        cast(null as {{ text_type() }}) as language,
        intent,
        cast(null as {{ type_double() }}) as ai_intent_confidence,
        0 as ai_message_count,
        0 as ai_answer_count,
        customer_comment_count as customer_message_count,
        0 as human_message_count,
        human_reply_count,
        cast(null as timestamp) as first_ai_response_at,
        cast(null as timestamp) as last_ai_answer_at,
        cast(null as {{ text_type() }}) as last_ai_answer_feedback,
        first_human_reply_at,
        cast(null as timestamp) as last_customer_message_at,
        cast(null as timestamp) as last_activity_at,
        cast(null as timestamp) as last_message_at,
        false as has_confirmation_after_last_answer,
        false as has_negative_message_after_last_answer,
        false as has_customer_message_after_last_answer,
        false as has_confused_follow_up,
        false as has_human_request,
        false as has_info_given_before_human,
        false as has_human_asked_known_info,
        false as has_already_said_complaint,
        cast(null as {{ type_double() }}) as sentiment_start,
        cast(null as {{ type_double() }}) as sentiment_end,
        false as has_intent_classified,
        0 as tool_call_count,
        0 as tool_failure_count,
        0 as policy_check_count,
        0 as policy_failure_count,
        0 as critical_policy_failure_count,
        0 as instruction_count,
        0 as handoff_count,
        cast(null as timestamp) as first_handoff_at,
        cast(null as {{ text_type() }}) as handoff_reason_code,
        cast(null as {{ text_type() }}) as handoff_initiated_by,
        cast(null as boolean) as is_handoff_summary_provided,
        cast(null as {{ text_type() }}) as judge_verdict,
        cast(null as {{ text_type() }}) as case_closed_by,
        0 as ai_event_cost_usd,
        0 as escalation_ticket_count,
        created_at as first_ticket_created_at,
        human_reply_count as ticket_human_reply_count,
        is_solved_now as are_tickets_solved_now,
        first_solved_at as tickets_solved_at,
        last_solved_at as tickets_last_solved_at,
        first_reopened_at,
        reopen_count,
        handle_minutes,
        {{ greatest_of(['_loaded_at', 'customer_loaded_at']) }} as _loaded_at
    from direct_tickets
),

contacts as (
    select * from conversation_contacts
    union all
    select * from direct_ticket_contacts
),

-- The account's segment when the contact started, not its current one (D-2003): the latest version
-- loaded by then, else (the account was first loaded after the contact) the oldest version loaded.
contact_segments as (
    select
        contacts.contact_id,
        account_versions.segment,
        row_number() over (
            partition by contacts.contact_id
            order by
                case when account_versions._loaded_at <= contacts.started_at then 0 else 1 end,
                case
                    when account_versions._loaded_at <= contacts.started_at then account_versions.version_rank
                    else -account_versions.version_rank
                end
        ) as version_pick
    from contacts
    inner join customers on contacts.customer_id = customers.customer_id
    inner join account_versions on customers.account_id = account_versions.account_id
),

final as (
    select
        contacts.*,
        customers.account_id,
        contact_segments.segment as account_segment,
        coalesce(intents.intent_cluster, 'unknown') as intent_cluster,
        intents.complexity_tier,
        coalesce(intents.needs_human, false) as intent_needs_human,
        coalesce(intents.requires_backend_action, false) as intent_requires_backend_action
    from contacts
    left join customers on contacts.customer_id = customers.customer_id
    left join intents on contacts.intent = intents.intent
    left join contact_segments
        on contacts.contact_id = contact_segments.contact_id and contact_segments.version_pick = 1
)

select * from final
