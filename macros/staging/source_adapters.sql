{#
  Source adapters: which system's tables feed the raw contract (docs/decisions.md, "Source adapters").
  Vars: helpdesk_source (native | zendesk | intercom) and events_source (native | segment).
  An adapter is a set of src_<adapter>__<table> models that reshape a vendor schema into the
  contract table's columns (as text); the native base_* model then validates them exactly as
  it validates the native raw table, so stg_* and everything downstream are unchanged.
#}

{# Returns {adapter: {contract system: [contract tables the adapter replaces]}}. #}
{% macro source_adapter_tables() %}
    {{ return({
        'zendesk': {'helpdesk': ['tickets', 'ticket_comments', 'ticket_status_changes', 'survey_responses']},
        'intercom': {
            'helpdesk': ['tickets', 'ticket_comments', 'ticket_status_changes', 'survey_responses'],
            'agent_platform': ['conversations', 'messages'],
        },
        'segment': {'product_analytics': ['events']},
    }) }}
{% endmacro %}


{# Returns the adapter selected for a contract system ('native' when none replaces it);
   raises a compiler error for an unknown var value. #}
{% macro source_adapter(system) %}
    {%- set helpdesk = var('helpdesk_source', 'native') -%}
    {%- set events = var('events_source', 'native') -%}
    {%- if helpdesk not in ('native', 'zendesk', 'intercom') -%}
        {{ exceptions.raise_compiler_error("var helpdesk_source must be native, zendesk or intercom, not '" ~ helpdesk ~ "'") }}
    {%- endif -%}
    {%- if events not in ('native', 'segment') -%}
        {{ exceptions.raise_compiler_error("var events_source must be native or segment, not '" ~ events ~ "'") }}
    {%- endif -%}
    {%- if system == 'helpdesk' -%}
        {{ return(helpdesk) }}
    {%- elif system == 'agent_platform' and helpdesk == 'intercom' -%}
        {{ return('intercom') }}
    {%- elif system == 'product_analytics' -%}
        {{ return(events) }}
    {%- endif -%}
    {{ return('native') }}
{% endmacro %}


{# Returns the relation that feeds contract table system.table: the native raw table, or the
   selected adapter's src_<adapter>__<table> model. #}
{% macro staging_input(system, table) %}
    {%- set adapter_name = support_truth.source_adapter(system) -%}
    {%- if adapter_name != 'native'
        and table in support_truth.source_adapter_tables()[adapter_name].get(system, []) -%}
        {{ return(ref('src_' ~ adapter_name ~ '__' ~ table)) }}
    {%- endif -%}
    {{ return(source(system, table)) }}
{% endmacro %}


{# Returns the lowercased column names of a relation (empty before execution). #}
{% macro relation_column_names(relation) %}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for c in adapter.get_columns_in_relation(relation) -%}
            {%- do names.append(c.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{% endmacro %}


{# Returns an expression for column `name` of a vendor table as text, or a typed text null when the table
   lacks it (vendor schemas vary by connector version and settings). `names` comes from
   relation_column_names(); an empty list (relation not introspectable) trusts the column exists. #}
{% macro vendor_column(names, name) -%}
    {%- if not names or name | lower in names -%}
        cast({{ name }} as {{ support_truth.text_type() }})
    {%- else -%}
        cast(null as {{ support_truth.text_type() }})
    {%- endif -%}
{%- endmacro %}


{# Returns source(source_name, table_name) when the table exists, else a typed-null empty relation
   with the given columns (text): a vendor table the connector may not sync (Fivetran's Zendesk
   audit_log, Intercom's team, Segment's pages and identifies when no such call was ever made) is
   optional, its absence an empty table (docs/source_adapters.md, docs/decisions.md D-2105).
   source() is always called, so the dependency is recorded; in a unit test the mocked input is used. #}
{% macro optional_source(source_name, table_name, columns) %}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute and model.resource_type != 'unit_test'
        and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ return(support_truth.absent_relation(columns, table_name)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{# Returns an empty relation (a subquery, aliased `alias`) with the given columns as typed text nulls. #}
{% macro absent_relation(columns, alias) -%}
    (
        select
        {%- for name in columns %}
            cast(null as {{ support_truth.text_type() }}) as {{ adapter.quote(name) }}{{ "," if not loop.last }}
        {%- endfor %}
        where 1 = 0
    ) as {{ alias }}
{%- endmacro %}
