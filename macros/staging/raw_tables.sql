{# Returns the raw contract tables as a list of {source, table, base_model, stg_model, input} dicts;
   input is the relation that feeds the table (native raw table or a source adapter's model). #}
{% macro raw_tables() %}
    {%- set tables = [
        ('agent_platform', 'conversations'), ('agent_platform', 'messages'), ('agent_platform', 'agent_events'),
        ('helpdesk', 'tickets'), ('helpdesk', 'ticket_comments'), ('helpdesk', 'ticket_status_changes'),
        ('helpdesk', 'survey_responses'), ('product_analytics', 'events'),
        ('crm', 'accounts'), ('crm', 'customers'), ('crm', 'subscriptions'),
    ] -%}
    {%- set out = [] -%}
    {%- for system, table in tables -%}
        {%- do out.append({
            'source': system, 'table': table,
            'base_model': 'base_' ~ system ~ '__' ~ table,
            'stg_model': 'stg_' ~ system ~ '__' ~ table,
            'input': support_truth.staging_input(system, table),
        }) -%}
    {%- endfor -%}
    {{ return(out) }}
{% endmacro %}
