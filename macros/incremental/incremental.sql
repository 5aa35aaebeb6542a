{#
  Incremental builds (docs/decisions.md "Incremental builds and scheduling", D-1501..).
  A scheduled load appends raw rows; every row carries _loaded_at (arrival). An incremental model
  re-selects what the new arrivals can change and replaces it with delete+insert on its key:
    - incremental_materialization(): 'incremental' on DuckDB and PostgreSQL, 'table' elsewhere
      (an engine without delete+insert builds the same rows in full);
    - incremental_since_text(where, relation): the watermark, the latest _loaded_at already in the
      model (of its rows matching the optional SQL condition `where`) minus
      incremental_lookback_hours(), as text (none while the model is empty; a query on {{ this }},
      so only inside is_incremental(), or on `relation`);
    - arrived_since(column, where, raw_text): true for a row that arrived after that watermark, for a
      row without _loaded_at and for every row while the model is empty (first incremental run);
      with raw_text (the column's raw text), a cheap text prefilter comes first (D-1809).
#}
{#- The lookback in hours (D-1504, D-1810): var incremental_lookback_hours, the loaders' commit slack
    (24 as shipped); when null, derived from the windows as before D-1810: the longest re-contact
    window (default or per-window) or the survey window, plus resolution_inactivity_hours (192 h). -#}
{% macro incremental_lookback_hours() %}
    {%- set explicit = var('incremental_lookback_hours', none) -%}
    {%- if explicit is not none -%}
        {{ return(explicit) }}
    {%- endif -%}
    {{ return([support_truth.recontact_max_hours(), var('survey_window_hours')] | max + var('resolution_inactivity_hours')) }}
{% endmacro %}

{#- True when the stored `relation` has every column in `columns` (names in lower case); false
    while dbt only parses. An incremental model whose scope reads a column that an older stored
    table lacks selects every row instead, and dbt's schema-change check (on_schema_change 'fail')
    then stops the run with its own message (D-1812, D-1820). -#}
{% macro relation_has_columns(relation, columns) %}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return(columns | reject('in', names) | list | length == 0) }}
{% endmacro %}

{#- True on an incremental run whose stored table has every column in `columns`, the columns the
    model's scope reads. A table stored before them has not: the run then selects every row, and
    dbt's schema-change check stops it until a --full-refresh (relation_has_columns). Each model
    asks once and passes the answer on (D-1812, D-1820, D-1821). -#}
{% macro incremental_scoped(columns) %}
    {{ return(is_incremental() and support_truth.relation_has_columns(this, columns)) }}
{% endmacro %}

{% macro incremental_materialization() %}
    {{ return('incremental' if target.type in ('duckdb', 'postgres') else 'table') }}
{% endmacro %}

{#- The watermark text as a timestamp literal (a typed null while the model is empty). -#}
{% macro since_literal(since) %}
    {{- support_truth.timestamp_literal(since) if since is not none else 'cast(null as timestamp)' -}}
{%- endmacro %}

{#- The watermark as text ('YYYY-MM-DD HH:MM:SS'): the latest _loaded_at in the model (or `relation`)
    of its rows matching `where`, minus the lookback; none while it is empty. Looked up once,
    before the model's query runs, and written into it as a constant: a scalar subquery compared with
    every raw row became a nested-loop join on DuckDB (D-1510). -#}
{% macro incremental_since_text(where=none, relation=none) %}
    {%- set query -%}
        select cast({{ support_truth.add_hours('max(_loaded_at)', -1 * support_truth.incremental_lookback_hours()) }}
            as {{ support_truth.text_type() }}) as since
        from {{ relation if relation is not none else this }}
        {%- if where %} where {{ where }}{% endif %}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] if execute else none) }}
{%- endmacro %}

{#- A cheap superset of "arrived after `since`" (the watermark text) on a raw text column (D-1809):
    keeps every row whose text is null, is not in the strict 'YYYY-MM-DD...' form, or sorts at or
    after the watermark's date minus two days. Any text that parses to an instant after the
    watermark passes: in the strict form its date is at most one day (a UTC offset, at most 16 hours)
    before the instant's UTC date; every other spelling passes whatever it says. Used only by
    arrived_since(raw_text=...), before the exact test, to spare parsing the text of every old row. -#}
{% macro arrival_prefilter(raw_text_expr, since) %}
    {%- set earliest = (modules.datetime.datetime.strptime((since | string)[:10], '%Y-%m-%d')
        - modules.datetime.timedelta(days=2)).strftime('%Y-%m-%d') -%}
    ({{ raw_text_expr }} is null or not ({{ raw_text_expr }} like '____-__-__%') or {{ raw_text_expr }} >= '{{ earliest }}')
{%- endmacro %}

{% macro arrived_since(loaded_at_column, where=none, raw_text=none) %}
    {%- set since = support_truth.incremental_since_text(where) -%}
    {%- if raw_text is not none and since is not none -%}
        {{ support_truth.arrival_prefilter(raw_text, since) }} and {% endif -%}
    coalesce({{ loaded_at_column }} > {{ support_truth.since_literal(since) }}, true)
{%- endmacro %}


{# Post-hook of int_instruction_matches (docs/decisions.md D-1807): after an incremental run, deletes
   the instructions that are gone (the agent event is no longer an instruction, or its conversation
   is no longer a contact); delete+insert only replaces the rows a run selects. Nothing on a full
   build or on engines without incremental models. #}
{% macro delete_vanished_instructions() %}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where instruction_id not in (
            select instruction_events.event_id
            from {{ ref('stg_agent_platform__agent_events') }} as instruction_events
            inner join {{ ref('int_contacts') }} as contacts
                on instruction_events.conversation_id = contacts.conversation_id
            where instruction_events.event_type = 'instruction_given' and contacts.contact_type = 'conversation'
        )
    {%- endif -%}
{% endmacro %}
