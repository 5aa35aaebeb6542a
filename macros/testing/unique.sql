{#- Repeated values found by ordering their hashes (docs/decisions.md D-1830), for DuckDB's `unique`
    and `unique_combination` tests. A group by of a key column builds a hash table of nearly one group
    per row (50M on `large`'s staged product events). Here validated_source's repeated_key_hashes
    (D-1827: the 64-bit hashes of `columns`, a list of expressions, in order, each kept when equal to
    the one before it) finds the shared hashes, and only the rows of those hashes are grouped by the
    values. Same rows as the group by: equal values have equal hashes (nulls too, which a group by
    puts in one group; DuckDB hashes 0.0 and -0.0 alike), so every repeated value is kept with its
    full count, and a value that only shares its hash is counted once and dropped by
    `having count(*) > 1`. Returns `select_list`, count(*) as `count_name`, of the rows passing
    `where` (none: every row). -#}
{% macro duckdb_repeated_values(model, columns, select_list, count_name, where=none) %}
{%- set tested_rows -%}
    (select * from {{ model }}{{ ' where ' ~ where if where }}) as tested_rows
{%- endset %}
with shared_hashes as (
    {{ support_truth.repeated_key_hashes(tested_rows, columns) }}
)

select
    {{ select_list }},
    count(*) as {{ count_name }}
from {{ tested_rows }}
where {{ support_truth.key_hash(columns) }} in (select shared_hashes._dq_key_hash from shared_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1
{% endmacro %}


{#- dbt's `unique` test on DuckDB: the rows of dbt's (each non-null value found more than once, with
    its count). dbt calls it through adapter.dispatch('test_unique', 'dbt'), which finds the root
    project's adapter macro first (as for spark__load_csv_rows); PostgreSQL and Spark keep dbt's. -#}
{% macro duckdb__test_unique(model, column_name) %}
{{ support_truth.duckdb_repeated_values(
    model, [column_name], column_name ~ ' as unique_field', 'n_records', column_name ~ ' is not null') }}
{% endmacro %}


{# The rows of test unique_combination: each combination of `columns` found more than once, with its
   count as duplicate_rows (nulls compare equal, as in a group by). #}
{% macro default__unique_combination_rows(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as duplicate_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{# On DuckDB by ordered hashes: the same rows. #}
{% macro duckdb__unique_combination_rows(model, columns) %}
    {{ support_truth.duckdb_repeated_values(model, columns, columns | join(', '), 'duplicate_rows') }}
{% endmacro %}
