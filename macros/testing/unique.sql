{#- dbt's `unique` test on DuckDB (docs/decisions.md D-1830): the same rows as dbt's (each non-null
    value found more than once, with its count), found the way validated_source finds repeated keys
    (D-1827). dbt groups by the value: nearly one group per row of a key column (50M on `large`'s
    staged product events). Here the 64-bit hashes of the values are ordered and a hash equal to the
    one before it is kept; only the rows of those hashes are grouped by value. Equal values have
    equal hashes, so every repeated value is among them, and a value that only shares its hash with
    another is counted once and dropped by `having`. dbt calls it through
    adapter.dispatch('test_unique', 'dbt'), which finds the root project's adapter macro first (as
    for spark__load_csv_rows); PostgreSQL and Spark keep dbt's. -#}
{% macro duckdb__test_unique(model, column_name) %}
with key_hashes as (
    select hash({{ column_name }}) as key_hash
    from {{ model }}
    where {{ column_name }} is not null
),

ordered_hashes as (
    select
        key_hash,
        lag(key_hash) over (order by key_hash) as previous_key_hash
    from key_hashes
),

shared_hashes as (
    select distinct key_hash
    from ordered_hashes
    where key_hash = previous_key_hash
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where
    {{ column_name }} is not null
    and hash({{ column_name }}) in (select shared_hashes.key_hash from shared_hashes)
group by {{ column_name }}
having count(*) > 1
{% endmacro %}
