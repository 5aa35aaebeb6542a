{{ config(materialized='view') }}
-- Every raw row that staging rejected: where it came from, its key, why, and the raw values.
-- A bad row delivered twice stays twice (reconciliation counts it); version_rank keeps the ids unique.
-- A view (docs/decisions.md D-1826): the base models are incremental per key and hold every rejected
-- row with its reason and raw values, so a table would only copy them again on every run.
{%- set tables = raw_tables() %}

with
{% for t in tables %}
    {{ t.table }}_rejected as (
        select
            '{{ t.source }}.{{ t.table }}' as source_table,
            _dq_key as source_key,
            _dq_reason as reason,
            _dq_raw_values as raw_values,
            _dq_version_rank as version_rank,
            _loaded_at
        from {{ ref(t.base_model) }}
        where _dq_reason is not null
    ),
{% endfor %}

unioned as (
    {%- for t in tables %}
        select
            source_table,
            source_key,
            reason,
            raw_values,
            version_rank,
            _loaded_at
        from {{ t.table }}_rejected
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        {{ hash_text(
            "source_table || '|' || coalesce(source_key, '') || '|' || raw_values"
            ~ " || '|' || cast(version_rank as " ~ text_type() ~ ")"
        ) }} as quarantine_row_id,
        source_table,
        source_key,
        reason,
        raw_values,
        _loaded_at
    from unioned
)

select * from final
