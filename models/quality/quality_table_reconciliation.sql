-- Per raw table: raw rows = staged rows + quarantined rows + collapsed duplicates (tested).
-- Raw rows are those of the table's input: the native raw table, or the source adapter's model.
{%- set tables = raw_tables() %}

with
{% for t in tables %}
    {{ t.table }}_raw as (
        select count(*) as raw_rows
        from {{ t.input }}
    ),

    {{ t.table }}_staged as (
        select count(*) as staged_rows
        from {{ ref(t.stg_model) }}
    ),

    {{ t.table }}_collapsed as (
        select count(*) as collapsed_duplicate_rows
        from {{ ref(t.base_model) }}
        where _dq_reason is null and _dq_version_rank > 1
    ),
{% endfor %}

quarantined as (
    select
        source_table,
        count(*) as quarantined_rows
    from {{ ref('quarantine_rows') }}
    group by source_table
),

counts as (
    {%- for t in tables %}
        select
            '{{ t.source }}.{{ t.table }}' as source_table,
            {{ t.table }}_raw.raw_rows,
            {{ t.table }}_staged.staged_rows,
            {{ t.table }}_collapsed.collapsed_duplicate_rows
        from {{ t.table }}_raw
        cross join {{ t.table }}_staged
        cross join {{ t.table }}_collapsed
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        counts.source_table,
        counts.raw_rows,
        counts.staged_rows,
        coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
        counts.collapsed_duplicate_rows,
        counts.raw_rows
        - counts.staged_rows
        - coalesce(quarantined.quarantined_rows, 0)
        - counts.collapsed_duplicate_rows as unexplained_rows
    from counts
    left join quarantined on counts.source_table = quarantined.source_table
)

select * from final
