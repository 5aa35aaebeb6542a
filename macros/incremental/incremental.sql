{#
  Incremental builds (docs/decisions.md "Incremental builds and scheduling", D-1501..).
  A scheduled load appends raw rows; every row carries _loaded_at (arrival). An incremental model
  re-selects what the new arrivals can change and replaces it with delete+insert on its key:
    - incremental_materialization(): 'incremental' on DuckDB and PostgreSQL, 'table' elsewhere
      (an engine without delete+insert builds the same rows in full);
    - incremental_since(where): the watermark, the latest _loaded_at already in the model (of its
      rows matching the optional SQL condition `where`) minus incremental_lookback_hours(), as a
      timestamp literal (null while the model is empty; a query on {{ this }}, so only inside
      is_incremental());
    - arrived_since(column, where): true for a row that arrived after that watermark, for a row
      without _loaded_at and for every row while the model is empty (first incremental run).
#}
{#- The lookback in hours (D-1504): var incremental_lookback_hours when set, else derived from the
    windows: the longest window after which a contact's row can still change (the longest re-contact
    window, default or per-window, or the survey window) plus resolution_inactivity_hours, the time
    its outcome takes to settle after the last message. 192 with the shipped vars (7d + 24 h). -#}
{% macro incremental_lookback_hours() %}
    {%- set explicit = var('incremental_lookback_hours', none) -%}
    {%- if explicit is not none -%}
        {{ return(explicit) }}
    {%- endif -%}
    {{ return([support_truth.recontact_max_hours(), var('survey_window_hours')] | max + var('resolution_inactivity_hours')) }}
{% endmacro %}

{% macro incremental_materialization() %}
    {{ return('incremental' if target.type in ('duckdb', 'postgres') else 'table') }}
{% endmacro %}

{% macro incremental_since(where=none) %}
    {%- set since = support_truth.incremental_since_text(where) -%}
    {{- support_truth.timestamp_literal(since) if since is not none else 'cast(null as timestamp)' -}}
{%- endmacro %}

{#- The watermark as text ('YYYY-MM-DD HH:MM:SS'), or none while the model is empty. Looked up once,
    before the model's query runs, and written into it as a constant: a scalar subquery compared with
    every raw row became a nested-loop join on DuckDB (D-1510). -#}
{% macro incremental_since_text(where=none) %}
    {%- set query -%}
        select cast({{ support_truth.add_hours('max(_loaded_at)', -1 * support_truth.incremental_lookback_hours()) }}
            as {{ support_truth.text_type() }}) as since
        from {{ this }}
        {%- if where %} where {{ where }}{% endif %}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] if execute else none) }}
{%- endmacro %}

{#- A cheap superset of "arrived since the watermark" on a raw text column (D-1809): keeps every row
    whose text is null, is not in the strict 'YYYY-MM-DD...' form, or sorts at or after the
    watermark's date minus two days. Any text that parses to an instant after the watermark passes:
    in the strict form its date is at most one day (a UTC offset, at most 16 hours) before the
    instant's UTC date; every other spelling passes whatever it says. The exact test still follows
    (arrived_since); this one only spares parsing the text of every old row. 'true' while the model
    is empty. -#}
{% macro arrival_prefilter(raw_text_expr, where=none) %}
    {%- set since = support_truth.incremental_since_text(where) -%}
    {%- if since is none -%}
        true
    {%- else -%}
        {%- set earliest = (modules.datetime.datetime.strptime((since | string)[:10], '%Y-%m-%d')
            - modules.datetime.timedelta(days=2)).strftime('%Y-%m-%d') -%}
        ({{ raw_text_expr }} is null or not ({{ raw_text_expr }} like '____-__-__%') or {{ raw_text_expr }} >= '{{ earliest }}')
    {%- endif -%}
{%- endmacro %}

{% macro arrived_since(loaded_at_column, where=none) %}
    coalesce({{ loaded_at_column }} > {{ support_truth.incremental_since(where) }}, true)
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
