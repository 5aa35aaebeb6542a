-- One row per alert metric x day x scope (all, each channel, each intent cluster): the day's value
-- and sample size over the contacts that started that day, from fct_contacts' rate flags (each
-- rate's population and success are decided once on the contact fact: numerator = population and
-- success, denominator = population), and whether the day is mature for that metric at as_of: its
-- maturity window has passed and every contact of the day is settled (and, for re-contact metrics,
-- past its re-contact window), so no contact of the day can still enter the population. Every scope
-- gets a row on every day with any contact, so a count that drops to zero is a zero, not a missing
-- row (docs/decisions.md D-1001, D-1004, D-1705). Downstream action counts the day's contacts'
-- instructions (fct_instructions: rate-eligible ones and those taken, D-1915). regime_start: the
-- day's latest known change point (mart_metric_change_points), where its alert baseline begins
-- (D-1911).
{%- set maturities = [] -%}
{%- for metric in alert_metrics() -%}
    {%- if metric.maturity not in maturities -%}
        {%- do maturities.append(metric.maturity) -%}
    {%- endif -%}
{%- endfor %}

with instructions as (
    select
        contact_id,
        is_known_action,
        is_anonymous,
        window_ends_at,
        is_rate_eligible,
        is_action_taken
    from {{ ref('fct_instructions') }}
),

contact_instructions as (
    select
        contact_id,
        {{ count_if('is_rate_eligible') }} as downstream_instructions,
        {{ count_if('is_action_taken') }} as downstream_actions_taken,
        -- The instructions that can enter the rate decide when the day's rate is final.
        max(case when is_known_action and not is_anonymous then window_ends_at end) as downstream_window_ends_at
    from instructions
    group by contact_id
),

contacts as (
    select
        {%- for column in metric_flag_columns() + alert_only_columns() %}
            contacts.{{ column }},
        {%- endfor %}
        contacts.customer_id,
        contacts.contact_date,
        contacts.channel,
        contacts.intent_cluster,
        coalesce(contact_instructions.downstream_instructions, 0) as downstream_instructions,
        coalesce(contact_instructions.downstream_actions_taken, 0) as downstream_actions_taken,
        contact_instructions.downstream_window_ends_at,
        -- Cost without the monthly AI licence share (a fixed cost spread over the month's AI contacts
        -- jumps at every month start, D-1913).
        costs.total_cost_usd - coalesce(costs.ai_licence_cost_usd, 0) as variable_cost_usd
    from {{ ref('fct_contacts') }} as contacts
    left join {{ ref('fct_contact_costs') }} as costs on contacts.contact_id = costs.contact_id
    left join contact_instructions on contacts.contact_id = contact_instructions.contact_id
),

as_of as (
    select as_of from {{ ref('int_as_of') }}
),

change_points as (
    select change_date from {{ ref('mart_metric_change_points') }}
),

decided as (
    select
        {%- for maturity in maturities %}
            {{ metric_decided_at(maturity) }} as {{ maturity }}_decided_at,
        {%- endfor %}
        contacts.*
    from contacts
),

daily as (
    select
        {%- for metric in alert_metrics() %}
            {%- if metric.kind == 'rate' and metric.denominator_sum %}
                cast(sum({{ metric.numerator_sum }}) as bigint) as {{ metric.name }}_numerator,
                cast(sum({{ metric.denominator_sum }}) as bigint) as {{ metric.name }}_denominator,
            {%- elif metric.kind == 'rate' %}
                {%- set population = count_if(metric.population) %}
                {%- set successes = count_if('(' ~ metric.population ~ ') and (' ~ metric.success ~ ')') %}
                {{ successes }} as {{ metric.name }}_numerator,
                {{ population }} as {{ metric.name }}_denominator,
            {%- elif metric.kind == 'mean' %}
                {%- set value = 'cast(' ~ metric.value ~ ' as ' ~ type_double() ~ ')' %}
                {%- set per = 'case when ' ~ metric.per ~ ' then 1 else 0 end' if metric.per else '1' %}
                {{ count_if(metric.population) }} as {{ metric.name }}_n,
                sum(case when {{ metric.population }} then {{ per }} else 0 end) as {{ metric.name }}_denominator,
                sum(case when {{ metric.population }} then {{ value }} end) as {{ metric.name }}_value_sum,
                sum(case when {{ metric.population }} then {{ value }} * {{ value }} end)
                    as {{ metric.name }}_value_sum_squares,
                sum(case when {{ metric.population }} then {{ value }} * {{ per }} end)
                    as {{ metric.name }}_value_cross_sum,
            {%- else %}
                count(*) as {{ metric.name }},
            {%- endif %}
        {%- endfor %}
        {%- for maturity in maturities %}
            max({{ maturity }}_decided_at) as {{ maturity }}_decided_at,
        {%- endfor %}
        contact_date,
        coalesce(channel, 'all') as channel,
        coalesce(intent_cluster, 'all') as intent_cluster
    from decided
    group by contact_date, cube(channel, intent_cluster)
),

scoped as (
    select
        daily.*,
        case
            when daily.channel = 'all' and daily.intent_cluster = 'all' then 'all'
            when daily.intent_cluster = 'all' then 'channel'
            else 'intent_cluster'
        end as scope_type,
        case
            when daily.channel = 'all' and daily.intent_cluster = 'all' then 'all'
            when daily.intent_cluster = 'all' then daily.channel
            else daily.intent_cluster
        end as scope_value
    from daily
    where daily.channel = 'all' or daily.intent_cluster = 'all'
),

days as (
    select distinct contact_date from scoped
),

regime_starts as (
    select
        days.contact_date,
        max(change_points.change_date) as regime_start
    from days
    inner join change_points on days.contact_date >= change_points.change_date
    group by days.contact_date
),

scopes as (
    select distinct
        scope_type,
        scope_value
    from scoped
),

spine as (
    select
        days.contact_date,
        scopes.scope_type,
        scopes.scope_value
    from days
    cross join scopes
),

filled as (
    select
        {%- for metric in alert_metrics() %}
            {%- if metric.kind == 'rate' %}
                coalesce(scoped.{{ metric.name }}_numerator, 0) as {{ metric.name }}_numerator,
                coalesce(scoped.{{ metric.name }}_denominator, 0) as {{ metric.name }}_denominator,
            {%- elif metric.kind == 'mean' %}
                coalesce(scoped.{{ metric.name }}_n, 0) as {{ metric.name }}_n,
                coalesce(scoped.{{ metric.name }}_denominator, 0) as {{ metric.name }}_denominator,
                {%- for part in ['value_sum', 'value_sum_squares', 'value_cross_sum'] %}
                    coalesce(scoped.{{ metric.name }}_{{ part }}, 0) as {{ metric.name }}_{{ part }},
                {%- endfor %}
            {%- else %}
                coalesce(scoped.{{ metric.name }}, 0) as {{ metric.name }},
            {%- endif %}
        {%- endfor %}
        {%- for maturity in maturities %}
            scoped.{{ maturity }}_decided_at,
        {%- endfor %}
        spine.contact_date,
        spine.scope_type,
        spine.scope_value
    from spine
    left join scoped
        on
            spine.contact_date = scoped.contact_date
            and spine.scope_type = scoped.scope_type
            and spine.scope_value = scoped.scope_value
),

alert_metric_names as (
    {%- for metric in alert_metrics() %}
        select
            '{{ metric.name }}' as metric,
            '{{ metric.kind }}' as metric_kind
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- One row per day, scope and metric: filled crossed with the metric names, each column a case over
-- the metrics, so filled is read once (a select per metric made Spark plan it once per metric, D-2112).
{%- set null_bigint = 'cast(null as bigint)' %}
{%- set null_double = 'cast(null as ' ~ type_double() ~ ')' %}
{%- set columns = {
    'numerator': {}, 'denominator': {}, 'metric_value': {}, 'n': {},
    'value_sum': {}, 'value_sum_squares': {}, 'value_cross_sum': {}, 'maturity_hours': {}, 'decided_at': {},
} %}
{%- for metric in alert_metrics() %}
    {%- set m = metric.name %}
    {%- set value = 'case when ' ~ m ~ '_denominator > 0 then ' %}
    {%- if metric.kind == 'rate' %}
        {%- do columns.numerator.update({m: m ~ '_numerator'}) %}
        {%- do columns.denominator.update({m: m ~ '_denominator'}) %}
        {%- do columns.metric_value.update({m: value ~ 'cast(' ~ m ~ '_numerator as ' ~ type_double() ~ ') / '
            ~ m ~ '_denominator end'}) %}
        {%- do columns.n.update({m: m ~ '_denominator'}) %}
    {%- elif metric.kind == 'mean' %}
        {%- do columns.numerator.update({m: null_bigint}) %}
        {%- do columns.denominator.update({m: m ~ '_denominator'}) %}
        {%- do columns.metric_value.update({m: value ~ m ~ '_value_sum / ' ~ m ~ '_denominator end'}) %}
        {%- do columns.n.update({m: m ~ '_n'}) %}
    {%- else %}
        {%- do columns.numerator.update({m: m}) %}
        {%- do columns.denominator.update({m: null_bigint}) %}
        {%- do columns.metric_value.update({m: 'cast(' ~ m ~ ' as ' ~ type_double() ~ ')'}) %}
        {%- do columns.n.update({m: m}) %}
    {%- endif %}
    {%- for part in ['value_sum', 'value_sum_squares', 'value_cross_sum'] %}
        {%- do columns[part].update({m: m ~ '_' ~ part if metric.kind == 'mean' else null_double}) %}
    {%- endfor %}
    {%- do columns.maturity_hours.update({m: maturity_hours(metric.maturity)}) %}
    {%- do columns.decided_at.update({m: metric.maturity ~ '_decided_at'}) %}
{%- endfor %}

unpivoted as (
    select
        filled.contact_date as metric_date,
        filled.scope_type,
        filled.scope_value,
        alert_metric_names.metric,
        {%- for column in columns %}
            case alert_metric_names.metric
                {%- for metric in alert_metrics() %}
                    when '{{ metric.name }}' then {{ columns[column][metric.name] }}
                {%- endfor %}
            end as {{ column }},
        {%- endfor %}
        alert_metric_names.metric_kind
    from filled
    cross join alert_metric_names
),

with_maturity as (
    select
        *,
        -- The later of the day's maturity window and the last of its contacts' decided instants. The
        -- window runs from the day's end: the next local midnight as a UTC instant (D-2005).
        {{ greatest_of([
            add_hours(from_reporting_time(add_hours('cast(metric_date as timestamp)', 24)), 'maturity_hours'),
            'decided_at',
        ]) }}
            as matures_at
    from unpivoted
),

final as (
    select
        with_maturity.metric_date,
        with_maturity.scope_type,
        with_maturity.scope_value,
        with_maturity.metric,
        with_maturity.metric_kind,
        with_maturity.numerator,
        with_maturity.denominator,
        with_maturity.metric_value,
        with_maturity.n,
        with_maturity.value_sum,
        with_maturity.value_sum_squares,
        with_maturity.value_cross_sum,
        with_maturity.matures_at,
        as_of.as_of >= with_maturity.matures_at as is_mature,
        regime_starts.regime_start
    from with_maturity
    cross join as_of
    left join regime_starts on with_maturity.metric_date = regime_starts.contact_date
)

select * from final
