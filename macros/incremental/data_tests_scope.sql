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
#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set scope = support_truth.run_scope_condition(relation) -%}
    {%- if scope -%}
        {%- do conditions.append(scope) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{# Returns the condition that keeps the rows of this run in a test of `relation` (see above), or ''
   when the test checks every row. The window's start is looked up once and written in as a literal
   (a scalar subquery compared with every row became a nested-loop join on DuckDB, D-1510). #}
{% macro run_scope_condition(relation) %}
    {%- if not execute or flags.FULL_REFRESH or var('data_tests_scope', 'all') != 'run' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- set tested_scope = (tested.config.meta or {}).get('data_tests_scope') if tested is not none else none -%}
    {%- if tested is none or tested_scope == 'all' or not (tested.config.materialized == 'incremental'
            or tested_scope == 'run') or '_loaded_at' not in tested.columns -%}
        {{ return('') }}
    {%- endif -%}
    {%- set since = support_truth.incremental_since_text(relation=relation) -%}
    {%- if since is none -%}
        {{ return('') }}
    {%- endif -%}
    {{ return('coalesce(_loaded_at >= ' ~ support_truth.timestamp_literal(since) ~ ', true)') }}
{% endmacro %}
