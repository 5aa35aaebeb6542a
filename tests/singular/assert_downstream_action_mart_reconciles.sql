-- mart_downstream_action reconciles with fct_instructions: at each of the four roll-up levels
-- (cluster x action, all clusters, all actions, both 'all'), the mart's totals over all weeks
-- equal the fact table's counts, so no instruction is lost or counted twice. Returns one row
-- per level whose totals differ.
with facts as (
    select
        count(*) as instructions,
        coalesce({{ count_if('is_mature') }}, 0) as mature_instructions,
        coalesce({{ count_if('is_action_taken') }}, 0) as actions_taken,
        coalesce({{ count_if('is_rate_eligible') }}, 0) as rate_eligible,
        coalesce({{ count_if('is_contrary_action') }}, 0) as contrary_actions,
        coalesce({{ count_if('is_contrary_action is not null') }}, 0) as contrary_eligible
    from {{ ref('fct_instructions') }}
),

mart as (
    select
        case
            when intent_cluster = 'all' and action_key = 'all' then 'total'
            when intent_cluster = 'all' then 'all_clusters'
            when action_key = 'all' then 'all_actions'
            else 'cluster_action'
        end as level,
        instructions,
        mature_instructions,
        action_taken_rate_numerator,
        action_taken_rate_denominator,
        contrary_action_rate_numerator,
        contrary_action_rate_denominator
    from {{ ref('mart_downstream_action') }}
),

levels as (
    select expected_levels.level_name
    from (
        values ('total'), ('all_clusters'), ('all_actions'), ('cluster_action')
    ) as expected_levels (level_name)
),

mart_totals as (
    select
        levels.level_name,
        coalesce(sum(mart.instructions), 0) as instructions,
        coalesce(sum(mart.mature_instructions), 0) as mature_instructions,
        coalesce(sum(mart.action_taken_rate_numerator), 0) as actions_taken,
        coalesce(sum(mart.action_taken_rate_denominator), 0) as rate_eligible,
        coalesce(sum(mart.contrary_action_rate_numerator), 0) as contrary_actions,
        coalesce(sum(mart.contrary_action_rate_denominator), 0) as contrary_eligible
    from levels
    left join mart on levels.level_name = mart.level
    group by levels.level_name
),

final as (
    select
        mart_totals.level_name,
        mart_totals.instructions as mart_instructions,
        facts.instructions as fact_instructions,
        mart_totals.mature_instructions as mart_mature_instructions,
        facts.mature_instructions as fact_mature_instructions,
        mart_totals.actions_taken as mart_actions_taken,
        facts.actions_taken as fact_actions_taken,
        mart_totals.rate_eligible as mart_rate_eligible,
        facts.rate_eligible as fact_rate_eligible,
        mart_totals.contrary_actions as mart_contrary_actions,
        facts.contrary_actions as fact_contrary_actions,
        mart_totals.contrary_eligible as mart_contrary_eligible,
        facts.contrary_eligible as fact_contrary_eligible
    from mart_totals
    cross join facts
    where
        mart_totals.instructions <> facts.instructions
        or mart_totals.mature_instructions <> facts.mature_instructions
        or mart_totals.actions_taken <> facts.actions_taken
        or mart_totals.rate_eligible <> facts.rate_eligible
        or mart_totals.contrary_actions <> facts.contrary_actions
        or mart_totals.contrary_eligible <> facts.contrary_eligible
)

select * from final
