-- Where abandoned contacts drop off: per intent (rolled up to its cluster and to 'all') the
-- distribution of the drop-off turn (turn index of the customer's last message) of abandoned
-- contacts. Turns at or above var abandonment_funnel_max_turn share one tail bucket ('8+').
-- Shares are of the group's abandoned contacts, so they sum to 1 per (intent_cluster, intent).
{%- set max_turn = var('abandonment_funnel_max_turn') %}
with abandoned_contacts as (
    select
        conversation_id,
        intent_cluster,
        intent
    from {{ ref('fct_contacts') }}
    where is_abandoned and conversation_id is not null
),

conversation_drop_offs as (
    select
        conversation_id,
        drop_off_turn,
        is_last_customer_message_answered
    from {{ ref('int_conversation_drop_off') }}
),

drop_offs as (
    select
        abandoned_contacts.intent_cluster,
        abandoned_contacts.intent,
        coalesce(conversation_drop_offs.is_last_customer_message_answered, false) as is_last_customer_message_answered,
        -- 0: the customer sent no message; the tail bucket collects turns >= max_turn.
        case
            when conversation_drop_offs.drop_off_turn >= {{ max_turn }} then {{ max_turn }}
            else coalesce(conversation_drop_offs.drop_off_turn, 0)
        end as drop_off_turn
    from abandoned_contacts
    left join conversation_drop_offs on abandoned_contacts.conversation_id = conversation_drop_offs.conversation_id
),

per_turn as (
    select
        case when grouping(intent_cluster) = 1 then 'all' else intent_cluster end as intent_cluster,
        case when grouping(intent) = 1 then 'all' else intent end as intent,
        drop_off_turn,
        count(*) as abandoned_contacts,
        {{ count_if('is_last_customer_message_answered') }} as answered_abandoned_contacts
    from drop_offs
    -- rollup: each intent, each cluster over its intents (intent = 'all'), and all over all.
    group by drop_off_turn, rollup(intent_cluster, intent)
),

with_totals as (
    select
        per_turn.*,
        {{ sum_count('per_turn.abandoned_contacts', 'partition by per_turn.intent_cluster, per_turn.intent') }}
            as group_abandoned_contacts,
        cast(sum(per_turn.abandoned_contacts) over (
            partition by per_turn.intent_cluster, per_turn.intent
            order by per_turn.drop_off_turn
            rows between unbounded preceding and current row
        ) as bigint) as cumulative_abandoned_contacts
    from per_turn
),

final as (
    select
        intent_cluster,
        intent,
        drop_off_turn,
        case
            when drop_off_turn >= {{ max_turn }} then '{{ max_turn }}+'
            else cast(drop_off_turn as {{ text_type() }})
        end as drop_off_turn_label,
        abandoned_contacts,
        answered_abandoned_contacts,
        group_abandoned_contacts,
        cast(abandoned_contacts as {{ type_double() }}) / group_abandoned_contacts as drop_off_share,
        cast(cumulative_abandoned_contacts as {{ type_double() }}) / group_abandoned_contacts
            as cumulative_drop_off_share
    from with_totals
)

select * from final
