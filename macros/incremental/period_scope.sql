{#
  Period marts recompute only the periods whose input rows changed (docs/decisions.md D-1812).
  A period mart aggregates the rows of one import CTE (e.g. one row per contact) by a period column
  (contact_date, contact_week) and other columns. Each stored row carries _period_fingerprint, an
  order-free sum of a hash of every input column the aggregate reads, salted with a hash of the
  model's rendered SQL without the database name (logic_digest: a var or a code change changes every
  period, a copy of the warehouse under another file name does not, D-1825). An incremental run
  computes the fingerprints of the current input rows per period (one cheap pass), keeps the periods
  whose fingerprint is new or differs from the stored one, and aggregates only their rows
  (delete+insert on the period); a post-hook deletes the periods that no longer have any row. A
  period whose input rows are unchanged keeps its stored rows, which are what a full build would
  give: the aggregate reads nothing else. A change of the SQL (code or vars) recomputes every period.
  A change of columns fails the run (on_schema_change 'fail'; dbt refuses 'sync_all_columns' with a
  contract) until a --full-refresh, as for every incremental model; so does a stored table built
  before D-1812 (no _period_fingerprint: dbt's schema-change error, not a missing-column error).
  Engines without incremental models build every period.
#}

{# Returns the config of a period mart replacing its rows by `period`: use as
   {{ config(**incremental_period_config('contact_date', 'fct_contacts')) }}; `source` names the
   model whose `period` values are the periods that exist (the post-hook deletes the others), of its
   rows matching the SQL condition `source_where` when given (the rows the model aggregates). #}
{% macro incremental_period_config(period, source, source_where=none) %}
    {{ return({
        'materialized': support_truth.incremental_materialization(),
        'unique_key': period,
        'incremental_strategy': 'delete+insert',
        'on_schema_change': 'fail',
        'post_hook': "{{ support_truth.delete_vanished_periods('" ~ period ~ "', '" ~ source ~ "'"
            ~ (", " ~ (source_where | tojson) if source_where else "") ~ ") }}",
    }) }}
{% endmacro %}


{# Returns two or three CTEs, each followed by a comma, over `rows` (a CTE name):
   period_fingerprints (period, _period_fingerprint: the fingerprint of `columns`, the input columns
   the aggregate reads, salted with `logic`, the model's rendered SQL apart from these CTEs); on an
   incremental run changed_periods (new or changed fingerprint); and scoped_rows (the rows of the
   changed periods; every row on a full build, or when the stored table has no fingerprints, which
   the schema-change check then refuses). #}
{% macro period_scope_ctes(period, rows, columns, logic) %}
    {%- set scoped = support_truth.incremental_scoped(['_period_fingerprint']) %}
period_fingerprints as (
    select
        {{ period }},
        -- digits spelled as letters: a long digit string reads as a phone number to a personal-data scan
        translate({{ support_truth.period_fingerprint(columns, support_truth.logic_digest(logic)) }}, '-0123456789', 'zabcdefghij')
            as _period_fingerprint
    from {{ rows }}
    group by {{ period }}
),
    {%- if scoped %}

changed_periods as (
    select {{ period }} from period_fingerprints
    where not exists (
        select 1 from {{ this }} as stored
        where stored.{{ period }} = period_fingerprints.{{ period }}
            and stored._period_fingerprint = period_fingerprints._period_fingerprint
    )
),
    {%- endif %}

{#- Read by several CTEs of the aggregate. On a full build it holds every row: DuckDB would copy them
    all first (28.5M timeline rows for int_conversation_message_summary on `xlarge`), so it is inlined
    and each reader reads `rows` (D-1841, as D-1837). An incremental run keeps its copy of the few
    changed periods' rows. #}
scoped_rows as {{ support_truth.not_materialized(inline=not scoped) }} (
    select * from {{ rows }}
    {%- if scoped %}
    where {{ period }} in (select changed_periods.{{ period }} from changed_periods)
    {%- endif %}
),
{% endmacro %}


{# Returns the final select of a period mart: every column of CTE `aggregated` (which has `period`)
   and the period's _period_fingerprint from period_scope_ctes. #}
{% macro select_with_period_fingerprint(period, aggregated='aggregated') %}
    select
        {{ aggregated }}.*,
        period_fingerprints._period_fingerprint
    from {{ aggregated }}
    inner join period_fingerprints on {{ aggregated }}.{{ period }} = period_fingerprints.{{ period }}
{%- endmacro %}


{# The fingerprint of a group of rows: the exact sum of a 64-bit hash of (`salt`, every column in
   `columns`) over the group, as text (a type every engine's contract knows; period_scope_ctes spells
   its digits as letters). Order-free: equal row multisets give equal sums. #}
{% macro period_fingerprint(columns, salt) %}
    {{ return(adapter.dispatch('period_fingerprint', 'support_truth')(columns, salt)) }}
{% endmacro %}

{% macro duckdb__period_fingerprint(columns, salt) -%}
    cast(sum(hash('{{ salt }}', {{ columns | join(', ') }})) as {{ support_truth.text_type() }})
{%- endmacro %}

{% macro postgres__period_fingerprint(columns, salt) -%}
    cast(sum(hashtextextended(cast(row('{{ salt }}', {{ columns | join(', ') }}) as text), 0)) as text)
{%- endmacro %}

{# Spark builds every period (no incremental models); xxhash64 skips nulls, which is good enough there. #}
{% macro default__period_fingerprint(columns, salt) -%}
    cast(sum(cast(xxhash64('{{ salt }}', {{ columns | join(', ') }}) as decimal(20, 0))) as string)
{%- endmacro %}


{# Post-hook of a period mart (incremental_period_config): after an incremental run, deletes the
   periods that no longer have a row in model `source` (of its rows matching `source_where`, when
   given; delete+insert only replaces the periods a run selects). Nothing on a full build. #}
{% macro delete_vanished_periods(period, source, source_where=none) %}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ period }} not in (
            select {{ period }} from {{ ref(source) }}
            where {{ period }} is not null{% if source_where %} and ({{ source_where }}){% endif %}
        )
    {%- endif -%}
{% endmacro %}
