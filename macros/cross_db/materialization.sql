{# Returns the materialization of a model that is incremental where the engine supports the project's
   incremental strategy (delete+insert with a lookback on DuckDB and PostgreSQL), and `table` on Spark:
   dbt-spark on plain parquet tables has only `append` and `insert_overwrite` (merge needs Delta or
   Iceberg), and neither replaces a lookback window of rows (docs/decisions.md D-1406). Use it in the
   model's config: materialized=support_truth.incremental_materialization(). #}
{% macro incremental_materialization() %}
    {{- return('table' if target.type == 'spark' else 'incremental') -}}
{% endmacro %}
