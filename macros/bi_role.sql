{#
  The read-only BI role (PostgreSQL). Marts grant it `select` through the `grants` config in
  dbt_project.yml; these hooks make sure the role exists and may use the marts schema, and
  nothing else: staging, intermediate, quality, config and the raw schemas stay closed to it.
  DuckDB and Spark have no roles: the hooks render to nothing there.
#}

{# Returns the name of the BI role (env DBT_BI_ROLE, default bi_reader). #}
{% macro bi_role() %}{{ env_var('DBT_BI_ROLE', 'bi_reader') }}{% endmacro %}

{# Returns the SQL that creates the BI role (NOLOGIN) when it does not exist yet ('' elsewhere). #}
{% macro create_bi_role() %}
    {{ return(adapter.dispatch('create_bi_role', 'support_truth')()) }}
{% endmacro %}

{% macro default__create_bi_role() %}{% endmacro %}

{% macro postgres__create_bi_role() %}
    do $role$
    begin
        if not exists (select 1 from pg_roles where rolname = '{{ support_truth.bi_role() }}') then
            create role "{{ support_truth.bi_role() }}" nologin;
        end if;
    end
    $role$;
{% endmacro %}

{# Returns the SQL that lets the BI role use the marts schema, and only it ('' elsewhere). #}
{% macro grant_bi_schema_usage() %}
    {{ return(adapter.dispatch('grant_bi_schema_usage', 'support_truth')()) }}
{% endmacro %}

{% macro default__grant_bi_schema_usage() %}{% endmacro %}

{% macro postgres__grant_bi_schema_usage() %}
    {%- set schema = generate_schema_name('marts', none) | trim %}
    do $grant$
    begin
        if exists (select 1 from pg_namespace where nspname = '{{ schema }}') then
            grant usage on schema "{{ schema }}" to "{{ support_truth.bi_role() }}";
        end if;
    end
    $grant$;
{% endmacro %}
