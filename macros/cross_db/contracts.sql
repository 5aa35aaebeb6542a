{#- Mart contracts name their types the way DuckDB and PostgreSQL both read them (docs/decisions.md
    D-1308): `double precision` and `text` are not Spark type names. dbt checks a contract by running
    `cast(null as <yaml data_type>)` for every column and comparing the engine's column types with the
    model's; on Spark the YAML names go through sql_type() first, so the contract is enforced with
    Spark's own names (double, string) and the YAML stays one for every engine (D-1403). -#}
{% macro spark__get_empty_schema_sql(columns) %}
    {%- set translated = {} -%}
    {%- for name, col in columns.items() -%}
        {%- set copy = dict(col) -%}
        {%- if col.get('data_type') -%}
            {%- do copy.update({'data_type': support_truth.sql_type(col['data_type']) | trim}) -%}
        {%- endif -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(default__get_empty_schema_sql(translated)) }}
{% endmacro %}
