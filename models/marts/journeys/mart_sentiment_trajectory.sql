-- Customer sentiment trajectory per intent x ISO week of the contact's start, rolled up to the
-- intent's cluster (intent = 'all') and to everything (both 'all'). A contact has a trajectory
-- when it has sentiment_start and sentiment_end (at least var sentiment_min_customer_messages
-- scored customer messages); band shares are of those contacts and sum to 1.
with contacts as (
    select
        intent_cluster,
        intent,
        {{ iso_week_start('started_at') }} as contact_week,
        sentiment_start,
        sentiment_end,
        sentiment_trend,
        sentiment_band,
        sentiment_band is not null as has_trajectory
    from {{ ref('fct_contacts') }}
),

aggregated as (
    select
        case when grouping(intent_cluster) = 1 then 'all' else intent_cluster end as intent_cluster,
        case when grouping(intent) = 1 then 'all' else intent end as intent,
        contact_week,
        count(*) as contacts,
        {{ count_if('has_trajectory') }} as contacts_with_trajectory,
        avg(cast(case when has_trajectory then sentiment_start end as {{ type_double() }})) as mean_sentiment_start,
        avg(cast(case when has_trajectory then sentiment_end end as {{ type_double() }})) as mean_sentiment_end,
        avg(cast(case when has_trajectory then sentiment_trend end as {{ type_double() }})) as mean_sentiment_trend,
        {{ rate_columns('improving_share', count_if("sentiment_band = 'improving'"), count_if('has_trajectory')) }},
        {{ rate_columns('stable_share', count_if("sentiment_band = 'stable'"), count_if('has_trajectory')) }},
        {{ rate_columns('declining_share', count_if("sentiment_band = 'declining'"), count_if('has_trajectory')) }}
    from contacts
    -- rollup: each intent, each cluster over its intents (intent = 'all'), and all over all.
    group by contact_week, rollup(intent_cluster, intent)
),

final as (
    select
        intent_cluster,
        intent,
        contact_week,
        contacts,
        contacts_with_trajectory,
        mean_sentiment_start,
        mean_sentiment_end,
        mean_sentiment_trend,
        improving_share_numerator,
        improving_share_denominator,
        improving_share,
        improving_share_lower,
        improving_share_upper,
        improving_share_is_low_sample,
        stable_share_numerator,
        stable_share_denominator,
        stable_share,
        stable_share_lower,
        stable_share_upper,
        stable_share_is_low_sample,
        declining_share_numerator,
        declining_share_denominator,
        declining_share,
        declining_share_lower,
        declining_share_upper,
        declining_share_is_low_sample
    from aggregated
)

select * from final
