{#
  Tests sized to the run (docs/decisions.md D-1802). With var data_tests_scope = 'run' (the scheduled
  run sets DBT_DATA_TESTS_SCOPE=run for a build that is not a full refresh), a data test on an
  incremental model, or on a model with meta `data_tests_scope: run` (a view over one), checks only
  the rows of the last arrival window: _loaded_at at or after the model's latest _loaded_at minus
  incremental_lookback_hours() (the window every incremental run re-reads, D-1504), and rows without
  _loaded_at. 'all' (the default) and every --full-refresh build check every row. An incremental
  model whose run replaces rows outside the arrival window (int_instruction_matches, D-1807) sets
  meta `data_tests_scope: all`: its tests always check every row; so does a model without a
  `_loaded_at` column (the period marts, D-1812: their rows have no arrival). A test's own `where`
  config still applies (and-ed).
  The run's rows are two disjoint selects, `_loaded_at >= <literal>` union all `_loaded_at is null`:
  DuckDB skips every row group whose `_loaded_at` range lies before the window only for a plain
  comparison, not for `coalesce(_loaded_at >= <literal>, true)` or an `or` (D-1814).
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set test_where = '(' ~ where ~ ') and ' if where else '' -%}
    {%- set since = support_truth.run_scope_since(relation) -%}
    {%- if since is not none -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ test_where }}_loaded_at >= {{ support_truth.timestamp_literal(since) | trim }}
            union all
            select * from {{ relation }} where {{ test_where }}_loaded_at is null) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- elif where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{# Returns the start of the run's window for a test of `relation` (see above) as timestamp text, or
   none when the test checks every row. It is looked up once and written in as a literal (a scalar
   subquery compared with every row became a nested-loop join on DuckDB, D-1510). #}
{% macro run_scope_since(relation) %}
    {%- if not execute or flags.FULL_REFRESH or var('data_tests_scope', 'all') != 'run' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- set tested_scope = (tested.config.meta or {}).get('data_tests_scope') if tested is not none else none -%}
    {%- if tested is none or tested_scope == 'all' or not (tested.config.materialized == 'incremental'
            or tested_scope == 'run') or '_loaded_at' not in tested.columns -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(support_truth.incremental_since_text(relation=relation)) }}
{% endmacro %}
