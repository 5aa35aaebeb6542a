-- Agent performance per ISO week (reporting time zone) x one breakdown at a time: intent,
-- complexity tier, language, account segment (as of the contact) and agent version (macro
-- performance_breakdowns). Long format, one row per week x breakdown x value, so the grain grows by
-- the sum of the dimensions' values, not their product (docs/decisions.md D-2004). Each breakdown's
-- rows add up to the week's `all` x `all` row of mart_agent_performance_weekly (one contact, one
-- value per breakdown); a null value is `none`. Same metric columns as the weekly mart.
-- Incremental by week (D-1812): a run aggregates only the weeks whose contacts changed.
{{ config(**incremental_period_config('contact_week', 'fct_contacts')) }}
{%- set breakdowns = performance_breakdowns() %}
{%- set contacts = performance_contacts(['contact_week'] + breakdowns) %}
{%- set unpivot -%}
    {%- for breakdown in breakdowns -%}
    select
        scoped_rows.*,
        '{{ breakdown }}' as breakdown,
        coalesce(cast(scoped_rows.{{ breakdown }} as {{ text_type() }}), 'none') as breakdown_value
    from scoped_rows
        {%- if not loop.last %}
    union all
    {% endif -%}
    {%- endfor -%}
{%- endset %}
{%- set aggregate -%}
    select
        contact_week,
        breakdown,
        breakdown_value,
        {{ performance_metric_columns() }}
    from unpivoted
    group by contact_week, breakdown, breakdown_value
{%- endset %}
with contacts as (
    {{ contacts }}
),

{{ period_scope_ctes(
    'contact_week', 'contacts', performance_input_columns(['contact_week'] + breakdowns),
    contacts ~ unpivot ~ aggregate) }}

unpivoted as (
    {{ unpivot }}
),

aggregated as (
    {{ aggregate }}
),

final as (
    {{ select_with_period_fingerprint('contact_week') }}
)

select * from final
