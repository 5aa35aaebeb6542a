{# The CSAT streams of fct_contacts.csat_stream, in report order. #}
{% macro csat_streams() %}
    {{ return(['ai_only', 'post_handoff', 'human_only']) }}
{% endmacro %}

{#- Returns the aggregate select list of the agent-performance metrics over the rows of
    macro performance_contacts (one definition for the daily, weekly and scorecard models; the
    caller supplies from / group by). Every rate is a rate_columns bundle over a population flag
    and a success flag of fct_contacts (docs/decisions.md D-1705); nothing is re-derived here.
    Re-contact and FCR are the default window's (var recontact_window_hours; window-free names, D-1708).
    No trailing comma. -#}
{% macro performance_metric_columns() %}
        count(*) as contacts,
        {{ count_if('not is_outcome_settled') }} as pending_contacts,
        {{ count_if('is_ai_involved') }} as ai_involved_contacts,
        {{ rate_columns('ai_involvement_rate', count_if('is_outcome_settled and is_ai_involved'), count_if('is_outcome_settled')) }},
        {{ rate_columns('deflection_rate', count_if('is_ai_rate_eligible and is_deflected'), count_if('is_ai_rate_eligible')) }},
        {{ rate_columns('containment_rate', count_if('is_ai_rate_eligible and is_contained'), count_if('is_ai_rate_eligible')) }},
        {{ rate_columns('autonomous_resolution_rate', count_if('is_ai_rate_eligible and is_autonomously_resolved'), count_if('is_ai_rate_eligible')) }},
        {{ rate_columns('ai_resolution_rate', count_if('is_ai_rate_eligible and is_contained'), count_if('is_ai_rate_eligible')) }},
        {{ rate_columns('automation_rate', count_if('is_outcome_settled and is_contained'), count_if('is_outcome_settled')) }},
        {{ rate_columns('true_resolution_rate', count_if('is_true_resolution_eligible and is_truly_resolved'), count_if('is_true_resolution_eligible')) }},
        case
            when {{ count_if('is_ai_rate_eligible') }} > 0 and {{ count_if('is_true_resolution_eligible') }} > 0
                then
                    cast(1 as {{ type_double() }}) * {{ count_if('is_ai_rate_eligible and is_deflected') }}
                    / {{ count_if('is_ai_rate_eligible') }}
                    - cast(1 as {{ type_double() }}) * {{ count_if('is_true_resolution_eligible and is_truly_resolved') }}
                    / {{ count_if('is_true_resolution_eligible') }}
        end as deflection_gap,
        {{ rate_columns('escalation_rate', count_if('is_ai_branch_rate_eligible and is_escalated'), count_if('is_ai_branch_rate_eligible')) }},
        {{ rate_columns('abandonment_rate', count_if('is_ai_branch_rate_eligible and is_abandoned'), count_if('is_ai_branch_rate_eligible')) }},
        {{ rate_columns('recontact_rate', count_if('is_recontact_rate_eligible and is_recontacted'), count_if('is_recontact_rate_eligible')) }},
        {{ rate_columns('fcr_rate', count_if('is_fcr'), count_if('is_fcr is not null')) }},
        {{ support_truth.percentile_cont('ai_first_response_seconds', 0.5) }} as ai_first_response_seconds_p50,
        {{ support_truth.percentile_cont('ai_first_response_seconds', 0.95) }} as ai_first_response_seconds_p95,
        {{ support_truth.percentile_cont('human_first_response_seconds', 0.5) }} as human_first_response_seconds_p50,
        {{ support_truth.percentile_cont('human_first_response_seconds', 0.95) }} as human_first_response_seconds_p95,
        {{ support_truth.percentile_cont('first_response_seconds', 0.5) }} as first_response_seconds_p50,
        {{ support_truth.percentile_cont('first_response_seconds', 0.95) }} as first_response_seconds_p95,
        {{ support_truth.percentile_cont('resolution_seconds', 0.5) }} as resolution_seconds_p50,
        {{ support_truth.percentile_cont('resolution_seconds', 0.95) }} as resolution_seconds_p95,
        avg(cast(turns as {{ type_double() }})) as turns_mean,
        {{ support_truth.percentile_cont('turns', 0.5) }} as turns_p50,
        count(csat_score) as csat_responses,
        avg(cast(csat_score as {{ type_double() }})) as csat_mean,
        {{ rate_columns('csat_top2box_rate', count_if('csat_score >= 4'), 'count(csat_score)') }},
    {%- for stream in csat_streams() %}
        {{ rate_columns(
            'csat_' ~ stream ~ '_response_rate',
            count_if("csat_stream = '" ~ stream ~ "' and csat_score is not null"),
            count_if("csat_stream = '" ~ stream ~ "'")) }},
        avg(cast(case when csat_stream = '{{ stream }}' then csat_score end as {{ type_double() }})) as csat_{{ stream }}_mean,
        {{ rate_columns(
            'csat_' ~ stream ~ '_top2box_rate',
            count_if("csat_stream = '" ~ stream ~ "' and csat_score >= 4"),
            count_if("csat_stream = '" ~ stream ~ "' and csat_score is not null")) }},
    {%- endfor %}
        count(ces_score) as ces_responses,
        avg(cast(ces_score as {{ type_double() }})) as ces_mean,
        {{ rate_columns('ces_share_easy', count_if('ces_score >= 5'), 'count(ces_score)') }},
        {{ rate_columns('nps_promoter_rate', count_if('nps_score >= 9'), 'count(nps_score)') }},
        {{ rate_columns('nps_detractor_rate', count_if('nps_score <= 6'), 'count(nps_score)') }},
        case
            when count(nps_score) > 0
                then cast(100 as {{ type_double() }}) * ({{ count_if('nps_score >= 9') }} - {{ count_if('nps_score <= 6') }}) / count(nps_score)
        end as nps,
        {{ rate_columns('policy_compliance_score', count_if('has_policy_checks and not has_critical_policy_failure'), count_if('has_policy_checks')) }},
        sum(ai_event_cost_usd) as ai_event_cost_usd,
        sum(ai_licence_cost_usd) as ai_licence_cost_usd,
        sum(ai_resolution_fee_usd) as ai_resolution_fee_usd,
        sum(ai_cost_usd) as ai_cost_usd,
        sum(human_cost_usd) as human_cost_usd,
        sum(total_cost_usd) as total_cost_usd,
        sum(total_cost_usd) / count(*) as cost_per_contact_usd,
        case
            when {{ count_if('is_ai_involved') }} > 0
                then sum(case when is_ai_involved then ai_cost_usd else 0 end) / {{ count_if('is_ai_involved') }}
        end as ai_cost_per_ai_contact_usd,
        case
            when {{ count_if('is_ai_rate_eligible and is_contained') }} > 0
                then
                    sum(case when is_ai_rate_eligible then ai_cost_usd else 0 end)
                    / {{ count_if('is_ai_rate_eligible and is_contained') }}
        end as ai_cost_per_resolution_usd,
        case
            when {{ count_if('is_outcome_settled and is_resolved') }} > 0
                then
                    sum(case when is_outcome_settled then total_cost_usd else 0 end)
                    / {{ count_if('is_outcome_settled and is_resolved') }}
        end as cost_per_resolution_usd
{%- endmacro %}

{#- Returns the rows macro performance_metric_columns aggregates: one per contact, the fct_contacts
    flags and measures it reads plus `columns` (the caller's grouping columns, also of fct_contacts),
    with the contact's costs from fct_contact_costs (1:1, tested). A select without a trailing
    semicolon, for an import CTE. -#}
{% macro performance_contacts(columns=[]) %}
    select
        {%- for column in performance_contact_columns() + columns %}
        contacts.{{ column }},
        {%- endfor %}
        {%- for column in performance_cost_columns() %}
        costs.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('fct_contacts') }} as contacts
    left join {{ ref('fct_contact_costs') }} as costs on contacts.contact_id = costs.contact_id
{%- endmacro %}

{# The fct_contacts columns macro performance_metric_columns reads. #}
{% macro performance_contact_columns() %}
    {{ return([
        'is_outcome_final', 'is_outcome_settled', 'is_resolved', 'is_ai_involved', 'is_escalated', 'is_deflected',
        'is_contained', 'is_autonomously_resolved', 'is_abandoned', 'is_truly_resolved',
        'is_true_resolution_eligible', 'is_ai_rate_eligible', 'is_ai_branch_rate_eligible',
        'is_recontacted', 'is_recontact_rate_eligible', 'is_fcr',
        'ai_first_response_seconds', 'human_first_response_seconds', 'first_response_seconds',
        'resolution_seconds', 'turns', 'csat_stream', 'csat_score', 'ces_score', 'nps_score',
        'has_policy_checks', 'has_critical_policy_failure',
    ]) }}
{% endmacro %}

{# The fct_contact_costs columns macro performance_contacts adds to each contact. #}
{% macro performance_cost_columns() %}
    {{ return([
        'ai_event_cost_usd', 'ai_licence_cost_usd', 'ai_resolution_fee_usd', 'ai_cost_usd', 'handle_minutes',
        'human_cost_per_hour_usd', 'human_cost_usd', 'total_cost_usd',
    ]) }}
{% endmacro %}

{#- The resolution / re-contact time ratio over fct_contacts rows (D-1707): both medians over the
    contacts flagged is_recontact_ratio_eligible, and their ratio (near or above 1: customers come
    back about as fast as issues get "resolved"). Aggregate columns, no trailing comma. -#}
{% macro resolution_to_recontact_columns() %}
    {%- set resolution = percentile_cont('case when is_recontact_ratio_eligible then resolution_seconds end', 0.5) %}
    {%- set recontact = percentile_cont('case when is_recontact_ratio_eligible then seconds_to_recontact end', 0.5) %}
        {{ resolution }} as median_resolution_seconds,
        {{ recontact }} as median_seconds_to_recontact,
        case when {{ recontact }} > 0 then {{ resolution }} / {{ recontact }} end as resolution_to_recontact_ratio
{%- endmacro %}

{#- The agent-performance marts at one grain: macro performance_metric_columns per `period` (a
    fct_contacts period column: contact_date, contact_week) x channel x intent cluster, with `all`
    roll-ups over channels, clusters and both (cube: exact totals, not sums of rates). Incremental
    by period (D-1812): a run aggregates only the periods whose contacts changed. -#}
{% macro agent_performance_by(period) %}
{{ config(**incremental_period_config(period, 'fct_contacts')) }}
{%- set groups = [period, 'channel', 'intent_cluster'] %}
{%- set contacts = performance_contacts(groups) %}
{%- set aggregate -%}
    select
        {{ period }},
        coalesce(channel, 'all') as channel,
        coalesce(intent_cluster, 'all') as intent_cluster,
        {{ performance_metric_columns() }}
    from scoped_rows
    group by {{ period }}, cube(channel, intent_cluster)
{%- endset %}
with contacts as (
    {{ contacts }}
),

{{ period_scope_ctes(period, 'contacts', performance_input_columns(groups), contacts ~ aggregate) }}

aggregated as (
    {{ aggregate }}
),

final as (
    {{ select_with_period_fingerprint(period) }}
)

select * from final
{%- endmacro %}

{# Every column of the rows of macro performance_contacts(columns): what a period mart's
   fingerprint covers (D-1812). #}
{% macro performance_input_columns(columns) %}
    {{ return(performance_contact_columns() + columns + performance_cost_columns()) }}
{% endmacro %}

{# The fct_contacts columns mart_agent_performance_breakdowns slices by, one at a time (D-2004). #}
{% macro performance_breakdowns() %}
    {{ return(['intent', 'complexity_tier', 'language', 'account_segment', 'agent_version']) }}
{% endmacro %}
