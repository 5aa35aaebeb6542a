-- One row per conversation: what the customer, the AI and humans said, and when. _loaded_at is the
-- latest arrival of the rows it summarises (int_contacts' watermark, D-1820).
-- Incremental by conversation (docs/decisions.md D-1834, the period marts' fingerprints of D-1812 with
-- the conversation as the period): a run summarises again only the conversations whose message and
-- comment rows in the timeline changed, however they changed (a new row, a new version, a comment
-- moved away by a re-linked ticket), and a post-hook deletes the conversations left without one.
{%- set summarised = "event_kind in ('message', 'ticket_comment')" %}
{{ config(**incremental_period_config('conversation_id', 'int_conversation_timeline', summarised)) }}
{%- set timeline_columns = [
    'event_kind', 'event_at', 'event_seq', 'feedback', 'sentiment_score', 'is_ai_message', 'is_ai_answer',
    'is_customer_message', 'is_human_reply', 'is_confirmation', 'is_human_request', 'is_confused_follow_up',
    'is_already_said_complaint', 'is_human_asking_known_info', 'is_customer_giving_info', '_loaded_at',
] %}
{#- The summary of the scoped rows, rendered once: the CTEs below, and the logic the fingerprints are salted with.
    timeline_columns are both what the import selects and what the fingerprints cover. #}
{%- set aggregate -%}
anchors as (
    select
        conversation_id,
        min(case when is_customer_message then event_at end) as first_customer_message_at,
        max(case when is_ai_answer then event_seq end) as last_ai_answer_seq,
        min(case when is_human_reply then event_seq end) as first_human_reply_seq,
        min(case when is_customer_giving_info then event_seq end) as first_info_given_seq
    from scoped_rows
    group by conversation_id
),

scored_customer_messages as (
    select
        conversation_id,
        sentiment_score,
        ntile(3) over (partition by conversation_id order by event_seq) as message_third,
        count(*) over (partition by conversation_id) as scored_message_count
    from scoped_rows
    where is_customer_message and event_kind = 'message' and sentiment_score is not null
),

sentiment as (
    select
        conversation_id,
        max(scored_customer_messages.scored_message_count) as scored_customer_message_count,
        avg(cast(case when message_third = 1 then sentiment_score end as {{ type_double() }})) as sentiment_start,
        avg(cast(case when message_third = 3 then sentiment_score end as {{ type_double() }})) as sentiment_end
    from scored_customer_messages
    group by conversation_id
),

summary as (
    select
        scoped_rows.conversation_id,
        count(case when scoped_rows.is_ai_message then 1 end) as ai_message_count,
        count(case when scoped_rows.is_ai_answer then 1 end) as ai_answer_count,
        count(case when scoped_rows.is_customer_message then 1 end) as customer_message_count,
        count(case when scoped_rows.is_human_reply then 1 end) as human_reply_count,
        count(case when scoped_rows.is_human_reply and scoped_rows.event_kind = 'message' then 1 end)
            as human_message_count,
        min(case
            when scoped_rows.is_ai_message and scoped_rows.event_at >= anchors.first_customer_message_at
                then scoped_rows.event_at
        end) as first_ai_response_at,
        min(case when scoped_rows.is_ai_answer then scoped_rows.event_at end) as first_ai_answer_at,
        max(case when scoped_rows.is_ai_answer then scoped_rows.event_at end) as last_ai_answer_at,
        max(case when scoped_rows.event_seq = anchors.last_ai_answer_seq then scoped_rows.feedback end)
            as last_ai_answer_feedback,
        min(case when scoped_rows.is_human_reply then scoped_rows.event_at end) as first_human_reply_at,
        max(case when scoped_rows.is_customer_message then scoped_rows.event_at end) as last_customer_message_at,
        max(case when scoped_rows.is_ai_message or scoped_rows.is_customer_message then scoped_rows.event_at end)
            as last_activity_at,
        max(case when scoped_rows.event_kind = 'message' then scoped_rows.event_at end) as last_message_at,
        {{ bool_or_agg('scoped_rows.is_confirmation and scoped_rows.event_seq > anchors.last_ai_answer_seq') }}
            as has_confirmation_after_last_answer,
        {{ bool_or_agg(
            'scoped_rows.is_customer_message and not scoped_rows.is_confirmation'
            ~ ' and scoped_rows.event_seq > anchors.last_ai_answer_seq'
            ~ ' and scoped_rows.sentiment_score <= ' ~ var('negative_sentiment_threshold')) }}
            as has_negative_message_after_last_answer,
        {{ bool_or_agg(
            'scoped_rows.is_customer_message and not scoped_rows.is_confirmation'
            ~ ' and scoped_rows.event_seq > anchors.last_ai_answer_seq') }}
            as has_customer_message_after_last_answer,
        {{ bool_or_agg('scoped_rows.is_confused_follow_up and scoped_rows.event_seq > anchors.last_ai_answer_seq') }}
            as has_confused_follow_up,
        {{ bool_or_agg('scoped_rows.is_human_request') }} as has_human_request,
        {{ bool_or_agg("scoped_rows.is_ai_message and scoped_rows.feedback = 'positive'") }} as has_positive_ai_feedback,
        {{ bool_or_agg("scoped_rows.is_ai_message and scoped_rows.feedback = 'negative'") }} as has_negative_ai_feedback,
        {{ bool_or_agg('scoped_rows.is_customer_giving_info and scoped_rows.event_seq < anchors.first_human_reply_seq') }}
            as has_info_given_before_human,
        {{ bool_or_agg(
            'scoped_rows.is_human_asking_known_info and scoped_rows.event_seq > anchors.first_info_given_seq') }}
            as has_human_asked_known_info,
        {{ bool_or_agg('scoped_rows.is_already_said_complaint and scoped_rows.event_seq > anchors.first_human_reply_seq') }}
            as has_already_said_complaint,
        max(scoped_rows._loaded_at) as _loaded_at
    from scoped_rows
    inner join anchors on scoped_rows.conversation_id = anchors.conversation_id
    group by scoped_rows.conversation_id
),

aggregated as (
    select
        summary.conversation_id,
        summary.ai_message_count,
        summary.ai_answer_count,
        summary.customer_message_count,
        summary.human_reply_count,
        summary.human_message_count,
        summary.first_ai_response_at,
        summary.first_ai_answer_at,
        summary.last_ai_answer_at,
        summary.last_ai_answer_feedback,
        summary.first_human_reply_at,
        summary.last_customer_message_at,
        summary.last_activity_at,
        summary.last_message_at,
        summary.has_confirmation_after_last_answer,
        summary.has_negative_message_after_last_answer,
        summary.has_customer_message_after_last_answer,
        summary.has_confused_follow_up,
        summary.has_human_request,
        summary.has_positive_ai_feedback,
        summary.has_negative_ai_feedback,
        summary.has_info_given_before_human,
        summary.has_human_asked_known_info,
        summary.has_already_said_complaint,
        coalesce(sentiment.scored_customer_message_count, 0) as scored_customer_message_count,
        case
            when sentiment.scored_customer_message_count >= {{ var('sentiment_min_customer_messages') }}
                then sentiment.sentiment_start
        end as sentiment_start,
        case
            when sentiment.scored_customer_message_count >= {{ var('sentiment_min_customer_messages') }}
                then sentiment.sentiment_end
        end as sentiment_end,
        summary._loaded_at
    from summary
    left join sentiment on summary.conversation_id = sentiment.conversation_id
)
{%- endset %}
with timeline as {{ not_materialized() }} (
    select
        conversation_id,
        {{ timeline_columns | join(',\n        ') }}
    from {{ ref('int_conversation_timeline') }}
    where {{ summarised }}
),

{{ period_scope_ctes('conversation_id', 'timeline', timeline_columns, summarised ~ aggregate) }}

{{ aggregate }},

final as (
    {{ select_with_period_fingerprint('conversation_id') }}
)

select * from final
