-- Downstream action rate by ISO week x intent cluster x action key, with roll-up rows:
-- intent_cluster = 'all' (every cluster) and action_key = 'all' (every action), and both.
-- Week = ISO week (Monday) of instructed_at. Rates count mature instructions of identified
-- customers only; the contrary rate only those whose action has a contrary event configured.
with instructions as (
    select
        instruction_id,
        intent_cluster,
        action_key,
        is_anonymous,
        is_known_action,
        is_mature,
        is_rate_eligible,
        is_action_taken,
        is_contrary_action,
        contrary_event,
        seconds_to_action,
        {{ iso_week_start('instructed_at') }} as week_start
    from {{ ref('fct_instructions') }}
),

aggregated as (
    select
        week_start,
        case when grouping(intent_cluster) = 1 then 'all' else intent_cluster end as intent_cluster,
        case when grouping(action_key) = 1 then 'all' else action_key end as action_key,
        count(*) as instructions,
        {{ count_if('is_anonymous') }} as anonymous_instructions,
        {{ count_if('not is_known_action') }} as unknown_action_instructions,
        {{ count_if('is_mature') }} as mature_instructions,
        {{ rate_columns('action_taken_rate', count_if('is_action_taken'), count_if('is_rate_eligible')) }},
        {{ rate_columns(
            'contrary_action_rate',
            count_if('is_contrary_action'),
            count_if('is_rate_eligible and contrary_event is not null')
        ) }},
        {{ percentile_cont('case when is_action_taken then seconds_to_action end', 0.5) }}
            as median_seconds_to_action
    from instructions
    -- cube: every (cluster, action) cell, plus 'all' over clusters, over actions, and both.
    group by week_start, cube(intent_cluster, action_key)
),

final as (
    select
        week_start,
        intent_cluster,
        action_key,
        instructions,
        anonymous_instructions,
        unknown_action_instructions,
        mature_instructions,
        action_taken_rate_numerator,
        action_taken_rate_denominator,
        action_taken_rate,
        action_taken_rate_lower,
        action_taken_rate_upper,
        action_taken_rate_is_low_sample,
        contrary_action_rate_numerator,
        contrary_action_rate_denominator,
        contrary_action_rate,
        contrary_action_rate_lower,
        contrary_action_rate_upper,
        contrary_action_rate_is_low_sample,
        median_seconds_to_action
    from aggregated
)

select * from final
