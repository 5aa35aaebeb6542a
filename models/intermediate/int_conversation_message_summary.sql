-- One row per conversation: what the customer, the AI and humans said, and when. _loaded_at is the
-- latest arrival of the rows it summarises (int_contacts' watermark, D-1820).
with timeline as (
    select
        conversation_id,
        event_kind,
        event_at,
        event_seq,
        feedback,
        sentiment_score,
        is_ai_message,
        is_ai_answer,
        is_customer_message,
        is_human_reply,
        is_confirmation,
        is_human_request,
        is_confused_follow_up,
        is_already_said_complaint,
        is_human_asking_known_info,
        is_customer_giving_info,
        _loaded_at
    from {{ ref('int_conversation_timeline') }}
    where event_kind in ('message', 'ticket_comment')
),

anchors as (
    select
        conversation_id,
        min(case when is_customer_message then event_at end) as first_customer_message_at,
        max(case when is_ai_answer then event_seq end) as last_ai_answer_seq,
        min(case when is_human_reply then event_seq end) as first_human_reply_seq,
        min(case when is_customer_giving_info then event_seq end) as first_info_given_seq
    from timeline
    group by conversation_id
),

scored_customer_messages as (
    select
        conversation_id,
        sentiment_score,
        ntile(3) over (partition by conversation_id order by event_seq) as message_third,
        count(*) over (partition by conversation_id) as scored_message_count
    from timeline
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
        timeline.conversation_id,
        count(case when timeline.is_ai_message then 1 end) as ai_message_count,
        count(case when timeline.is_ai_answer then 1 end) as ai_answer_count,
        count(case when timeline.is_customer_message then 1 end) as customer_message_count,
        count(case when timeline.is_human_reply then 1 end) as human_reply_count,
        count(case when timeline.is_human_reply and timeline.event_kind = 'message' then 1 end)
            as human_message_count,
        min(case
            when timeline.is_ai_message and timeline.event_at >= anchors.first_customer_message_at
                then timeline.event_at
        end) as first_ai_response_at,
        min(case when timeline.is_ai_answer then timeline.event_at end) as first_ai_answer_at,
        max(case when timeline.is_ai_answer then timeline.event_at end) as last_ai_answer_at,
        max(case when timeline.event_seq = anchors.last_ai_answer_seq then timeline.feedback end)
            as last_ai_answer_feedback,
        min(case when timeline.is_human_reply then timeline.event_at end) as first_human_reply_at,
        max(case when timeline.is_customer_message then timeline.event_at end) as last_customer_message_at,
        max(case when timeline.is_ai_message or timeline.is_customer_message then timeline.event_at end)
            as last_activity_at,
        max(case when timeline.event_kind = 'message' then timeline.event_at end) as last_message_at,
        {{ bool_or_agg('timeline.is_confirmation and timeline.event_seq > anchors.last_ai_answer_seq') }}
            as has_confirmation_after_last_answer,
        {{ bool_or_agg(
            'timeline.is_customer_message and not timeline.is_confirmation'
            ~ ' and timeline.event_seq > anchors.last_ai_answer_seq'
            ~ ' and timeline.sentiment_score <= ' ~ var('negative_sentiment_threshold')) }}
            as has_negative_message_after_last_answer,
        {{ bool_or_agg(
            'timeline.is_customer_message and not timeline.is_confirmation'
            ~ ' and timeline.event_seq > anchors.last_ai_answer_seq') }}
            as has_customer_message_after_last_answer,
        {{ bool_or_agg('timeline.is_confused_follow_up and timeline.event_seq > anchors.last_ai_answer_seq') }}
            as has_confused_follow_up,
        {{ bool_or_agg('timeline.is_human_request') }} as has_human_request,
        {{ bool_or_agg("timeline.is_ai_message and timeline.feedback = 'positive'") }} as has_positive_ai_feedback,
        {{ bool_or_agg("timeline.is_ai_message and timeline.feedback = 'negative'") }} as has_negative_ai_feedback,
        {{ bool_or_agg('timeline.is_customer_giving_info and timeline.event_seq < anchors.first_human_reply_seq') }}
            as has_info_given_before_human,
        {{ bool_or_agg(
            'timeline.is_human_asking_known_info and timeline.event_seq > anchors.first_info_given_seq') }}
            as has_human_asked_known_info,
        {{ bool_or_agg('timeline.is_already_said_complaint and timeline.event_seq > anchors.first_human_reply_seq') }}
            as has_already_said_complaint,
        max(timeline._loaded_at) as _loaded_at
    from timeline
    inner join anchors on timeline.conversation_id = anchors.conversation_id
    group by timeline.conversation_id
),

final as (
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

select * from final
