{#
  Staging validation, driven by the source YAML (data_type and config.meta of every column).
  validated_source() returns a select over one raw table with, per row:
    - every contract column, cast to its staged type; personal data per the column's meta
      `personal_data`: `drop` (always null) or `mask` (emails and phones masked) (a column absent from the table comes
      through as a typed null; a missing *required* column stops the build with a clear error);
    - _dq_reason: null for a good row, else the first failing check, in this order:
      missing_required, invalid_encoding (U+FFFD, the loader's mark of a non-UTF-8 byte, outside
      free text), unparseable_timestamp (also a UTC offset beyond +-14:00 or with minutes >= 60),
      invalid_number, invalid_boolean, malformed_json, unknown_event_type / unknown_enum, implausible_timestamp (before var plausible_min_timestamp,
      or after the row's _loaded_at by more than var max_future_days; dates by more than
      max_future_date_days), out_of_range (the `checks` argument), orphan_fk;
    - _dq_key (primary key as text), _dq_raw_values (the raw row as JSON text, rejected rows only);
    - _dq_version_rank: 1 for the version staging keeps among the good rows of a key
      (latest _loaded_at; ties broken by the raw values in column order, so the choice is
      deterministic), > 1 for collapsed duplicates.
  The rows come from the contract table's input, staging_input(): the native raw table, or a
  source adapter's src_* model in the contract's shape (macros/staging/source_adapters.sql).
  Arguments: key_columns (the primary key), parents (list of {column, relation, key}: orphan
  check against the parent's staged rows), checks (list of {reason, when_bad: SQL on typed columns}),
  not_stored (default: none): contract columns that are validated but not materialised. Every
  column is validated either way, and a rejected row's _dq_raw_values holds all of them; a column no
  reader needs is simply not written (docs/decisions.md D-1801). Every other contract column is
  stored, so a column added to the contract is stored until it is listed here (D-1842). The key (as
  _dq_key alone with key_in_dq_key) and _loaded_at are always stored. scope_column (optional, a plain-text
  key column): an incremental run validates again every raw row of a changed *scope* (that
  column's raw text) instead of a changed key, and the model stores it as _dq_scope, its
  delete+insert key: for a key with a typed part, whose versions may be spelled in several raw
  texts (docs/decisions.md D-1808).
  key_in_dq_key (true for a single plain-text key): the key column is not written a second time
  beside _dq_key, which already holds the same text (the key is nullif(_dq_key, ''); readers get
  it back with kept_versions(base, key_column); docs/decisions.md D-1817).
#}
{% macro validated_source(source_name, table_name, key_columns, parents=[], checks=[], not_stored=[], scope_column=none, key_in_dq_key=false) %}
    {%- set relation = support_truth.staging_input(source_name, table_name) -%}
    {%- set spec = support_truth.source_column_spec(source_name, table_name) -%}
    {%- set present = support_truth.present_columns(relation, spec, source_name ~ '.' ~ table_name) -%}
    {%- set key_specs = spec | selectattr('name', 'in', key_columns) | list -%}
    {%- set stored = spec | map(attribute='name') | reject('in', not_stored) | list -%}
    {%- if key_in_dq_key -%}
        {#- The typed key equals its raw text only for one text column that is neither masked nor
            mapped to accepted values (typed_column's last branch). The column spec is known only
            when dbt executes. -#}
        {%- set key_spec = key_specs | first if key_columns | length == 1 and key_specs | length == 1 else none -%}
        {%- if execute and (key_spec is none or key_spec.data_type not in ('varchar', 'text', 'string')
            or key_spec.personal_data or key_spec.accepted_values) -%}
            {{ exceptions.raise_compiler_error("validated_source: key_in_dq_key needs a single plain text key; "
                ~ source_name ~ "." ~ table_name ~ " has key (" ~ key_columns | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set stored = stored | reject('in', key_columns) | list -%}
    {%- endif -%}
    {%- for name in not_stored if execute and (name not in spec | map(attribute='name') | list
        or name in key_columns or name == '_loaded_at') -%}
        {{ exceptions.raise_compiler_error("validated_source: not_stored names " ~ name ~ ", which is not a column of "
            ~ source_name ~ "." ~ table_name ~ " or is always stored (the key and _loaded_at)") }}
    {%- endfor -%}
    {#- The key parts in key_columns order, as SQL: over the relation (raw text, typed) and over
        the validated rows (<name>__raw). #}
    {%- set raw_keys, typed_keys, raw_key_columns = [], [], [] -%}
    {%- for k in key_columns -%}
        {%- for col in spec if col.name == k -%}
            {%- do raw_keys.append(support_truth.raw_text(present, col)) -%}
            {%- do typed_keys.append(support_truth.typed_column(col, support_truth.raw_text(present, col))) -%}
            {%- do raw_key_columns.append(k ~ '__raw') -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- The incremental scope: the key, or scope_column (its raw text) when given. -#}
    {%- set scope_specs = key_specs if scope_column is none else spec | selectattr('name', 'equalto', scope_column) | list -%}
    {%- set scope_name = '_dq_key' if scope_column is none else '_dq_scope' -%}
    {%- set raw_scope, raw_scope_columns = (raw_keys, raw_key_columns) if scope_column is none else ([], []) -%}
    {%- for col in scope_specs if scope_column is not none -%}
        {%- do raw_scope.append(support_truth.raw_text(present, col)) -%}
        {%- do raw_scope_columns.append(col.name ~ '__raw') -%}
    {%- endfor -%}
    {%- if is_incremental() -%}
        {%- for col in scope_specs if col.data_type not in ('varchar', 'text', 'string') or col.personal_data -%}
            {{ exceptions.raise_compiler_error(
                "validated_source: incremental validation needs a plain text key (the raw text is the key); "
                ~ source_name ~ "." ~ table_name ~ "." ~ col.name ~ " is " ~ col.data_type) }}
        {%- endfor -%}
    {%- endif %}
{#- Only the rows of a key that occurs more than once (or is null) can rank above 1, so the window
    runs over those rows only; every other row is validated in its own branch with rank 1
    (docs/decisions.md D-1604). Each row goes through exactly one branch. #}
with
{%- if is_incremental() %}
{#- Incremental run (docs/decisions.md D-1510): every raw row of a key that had an arrival since the
    watermark, or that staging rejected as an orphan (its parent may have arrived since), is validated
    again, and replaces the key's rows (delete+insert on _dq_key; with scope_column, the same per
    scope, D-1808). Any other row's result cannot change. #}
changed_keys as (
    select {{ support_truth.concat_key(raw_scope) }} as {{ scope_name }}
    from {{ relation }}
    {%- for loaded_at in spec if loaded_at.name == '_loaded_at' %}
    where {{ support_truth.arrived_since(
        support_truth.typed_column(loaded_at, support_truth.raw_text(present, loaded_at)), '_dq_reason is null',
        raw_text=('cast(' ~ adapter.quote(present['_loaded_at']) ~ ' as ' ~ support_truth.text_type() ~ ')')
            if '_loaded_at' in present else none) }}
    {%- endfor %}
    union
    select {{ scope_name }}
    from {{ this }}
    where _dq_reason = 'orphan_fk'
),

{#- The raw rows of the changed keys: small, read three times below (the engine may keep it). #}
scoped_rows as (
    select raw_rows.*
    from {{ relation }} as raw_rows
    inner join changed_keys
        on {{ support_truth.concat_key(raw_scope) }} = changed_keys.{{ scope_name }}
),
{%- set relation = 'scoped_rows' %}
{%- endif %}

repeated_keys as (
    {{ support_truth.repeated_key_hashes(relation, typed_keys) | indent(4) }}
),

{{ support_truth.validated_rows('single', relation, spec, present, typed_keys, parents, checks, repeated=false) }},

{{ support_truth.validated_rows('repeated', relation, spec, present, typed_keys, parents, checks, repeated=true) }},

ranked as (
    select
        single_checked.*,
        1 as _dq_version_rank
    from single_checked
    union all
    select
        repeated_checked.*,
        row_number() over (
            partition by (_dq_reason is null), {{ key_columns | join(', ') }}
            order by
                _loaded_at desc nulls last
                {%- for col in spec if col.personal_data != 'drop' %},
                {{ col.name }}__raw
                {%- endfor %}
        ) as _dq_version_rank
    from repeated_checked
)

select
{%- for col in spec if col.personal_data != 'drop' and col.name in stored %}
    {{ col.name }},
{%- endfor %}
    _dq_reason,
    {{ support_truth.concat_key(raw_key_columns) }} as _dq_key,
    {%- if scope_column is not none %}
    {{ support_truth.concat_key(raw_scope_columns) }} as _dq_scope,
    {%- endif %}
    case when _dq_reason is not null then {{ support_truth.raw_values_json(spec) }} end as _dq_raw_values,
    _dq_version_rank
from ranked
{% endmacro %}


{# Returns the raw text of contract column `col`: trimmed, empty as null; a typed null when the
   relation lacks the column (`present`: {contract name: actual name}). #}
{% macro raw_text(present, col) -%}
    {%- if col.name in present -%}
        {{ support_truth.trimmed_text(adapter.quote(present[col.name])) }}
    {%- else -%}
        cast(null as {{ support_truth.text_type() }})
    {%- endif -%}
{%- endmacro %}


{# Returns three CTEs, <prefix>_source_rows, <prefix>_typed and <prefix>_checked: the rows of the
   relation whose key (`typed_keys`: the key parts as SQL
   over the relation) is (repeated=true) or is not (repeated=false) in repeated_keys, every contract
   column as raw text (<name>__raw) and typed, and _dq_reason (validated_source's checks, in order).
   The branch is chosen before any other column is trimmed or cast, by a left join on the small
   repeated_keys, not by a correlated [not] exists: DuckDB cannot flatten `k is null or exists (...)`
   and would first collect every row of the relation. #}
{% macro validated_rows(prefix, relation, spec, present, typed_keys, parents, checks, repeated) %}
{{ prefix }}_source_rows as (
    select
    {%- for col in spec %}
        {{ support_truth.raw_text(present, col) }} as {{ col.name }}__raw{{ "," if not loop.last }}
    {%- endfor %}
    from {{ relation }}
    left join repeated_keys
        on {{ support_truth.key_hash(typed_keys) }} = repeated_keys._dq_key_hash
    where
    {%- if repeated %}
        ({% for k in typed_keys %}{{ k }} is null or {% endfor %}repeated_keys.is_repeated)
    {%- else %}
        {% for k in typed_keys %}{{ k }} is not null and {% endfor %}repeated_keys.is_repeated is null
    {%- endif %}
),

{{ prefix }}_typed as (
    select
        {{ prefix }}_source_rows.*,
    {%- for col in spec %}
        {{ support_truth.typed_column(col) }} as {{ col.name }}{{ "," if not loop.last }}
    {%- endfor %}
    from {{ prefix }}_source_rows
),

{{ prefix }}_checked as (
    select
        {{ prefix }}_typed.*,
        case
        {%- set required = spec | selectattr('required') | list %}
        {%- if required %}
            when {% for col in required %}{{ col.name }}__raw is null{{ " or " if not loop.last }}{% endfor %}
                then 'missing_required'
        {%- endif %}
        {%- set encoded = spec | rejectattr('free_text') | rejectattr('personal_data', 'equalto', 'drop') | list %}
            when {% for col in encoded %}{{ support_truth.has_replacement_char(col.name ~ '__raw') | trim }}{{ "\n                or " if not loop.last }}{% endfor %}
                then 'invalid_encoding'
        {%- for col in spec if col.data_type in ('timestamp', 'date') %}
            when {{ col.name }}__raw is not null
                and ({{ col.name }} is null or {{ support_truth.has_invalid_utc_offset(col.name ~ '__raw') | trim }})
                then 'unparseable_timestamp'
        {%- endfor %}
        {%- for col in spec if col.data_type in ('double', 'integer', 'bigint') %}
            when {{ col.name }}__raw is not null and {{ col.name }} is null then 'invalid_number'
        {%- endfor %}
        {%- for col in spec if col.data_type == 'boolean' %}
            when {{ col.name }}__raw is not null and {{ col.name }} is null then 'invalid_boolean'
        {%- endfor %}
        {%- for col in spec if col.format == 'json' %}
            when {{ col.name }}__raw is not null and not {{ support_truth.is_json_object(col.name ~ '__raw') }}
                then 'malformed_json'
        {%- endfor %}
        {%- for col in spec if col.accepted_values and col.on_unknown == 'quarantine' %}
            when {{ col.name }}__raw is not null
                and lower({{ col.name }}__raw) not in ({{ support_truth.sql_list(col.accepted_values) }})
                then '{{ col.unknown_reason or "unknown_enum" }}'
        {%- endfor %}
        {%- for col in spec if col.data_type in ('timestamp', 'date') %}
            when {{ support_truth.implausible_time(col) | trim }} then 'implausible_timestamp'
        {%- endfor %}
        {%- for check in checks %}
            when {{ check.when_bad }} then '{{ check.reason }}'
        {%- endfor %}
        {%- for parent in parents %}
            when {{ parent.column }} is not null and {{ parent.column }} not in (
                select parent_rows.{{ parent.key }} from {{ parent.relation }} as parent_rows
            ) then 'orphan_fk'
        {%- endfor %}
        end as _dq_reason
    from {{ prefix }}_typed
)
{%- endmacro %}


{# Returns the column specs of a source table from the project graph: list of dicts with
   name, data_type, required, format, accepted_values, on_unknown, unknown_reason, personal_data,
   free_text (a non-UTF-8 byte, read as U+FFFD, is kept in free text and quarantines any other column). #}
{% macro source_column_spec(source_name, table_name) %}
    {%- set specs = [] -%}
    {%- if execute -%}
        {%- set node = graph.sources.values()
            | selectattr('source_name', 'equalto', source_name)
            | selectattr('name', 'equalto', table_name) | first -%}
        {%- for name, col in node.columns.items() -%}
            {%- set meta = col.config.meta if (col.config and col.config.meta) else (col.meta or {}) -%}
            {%- do specs.append({
                'name': name,
                'data_type': (col.data_type or 'varchar') | lower,
                'required': meta.get('required', false),
                'format': meta.get('format'),
                'accepted_values': meta.get('accepted_values'),
                'on_unknown': meta.get('on_unknown'),
                'unknown_reason': meta.get('unknown_reason'),
                'personal_data': meta.get('personal_data'),
                'free_text': meta.get('free_text', false),
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(specs) }}
{% endmacro %}


{# Returns {contract column name: actual column name} for the contract columns present in the
   relation (case-insensitive); raises a compiler error naming the table and column when a
   required column is missing. #}
{% macro present_columns(relation, spec, table_label) %}
    {%- set present = {} -%}
    {%- if execute -%}
        {%- set actual = {} -%}
        {%- for c in adapter.get_columns_in_relation(relation) -%}
            {%- do actual.update({c.name | lower: c.name}) -%}
        {%- endfor -%}
        {%- for col in spec -%}
            {%- if col.name | lower in actual -%}
                {%- do present.update({col.name: actual[col.name | lower]}) -%}
            {%- elif col.required -%}
                {{ exceptions.raise_compiler_error(
                    "Raw table " ~ table_label ~ " is missing required column '" ~ col.name ~ "'. "
                    ~ "See the raw contract (docs/raw_contract.md).") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(present) }}
{% endmacro %}


{# Returns the SQL expression that turns `<name>__raw` text (or the text expression `raw`) into the
   column's staged type. #}
{% macro typed_column(col, raw=none) %}
    {%- set raw = raw or col.name ~ '__raw' -%}
    {%- if col.personal_data == 'drop' -%}
        cast(null as {{ support_truth.text_type() }})
    {%- elif col.personal_data == 'mask' -%}
        {{ support_truth.mask_pii(raw) }}
    {%- elif col.data_type == 'timestamp' -%}
        {{ support_truth.parse_timestamp_utc(raw) }}
    {%- elif col.data_type == 'date' -%}
        {{ support_truth.parse_date(raw) }}
    {%- elif col.data_type == 'boolean' -%}
        {{ support_truth.parse_boolean(raw) }}
    {%- elif col.data_type in ('double', 'integer', 'bigint') -%}
        {{ support_truth.parse_text_as(raw, col.data_type) }}
    {%- elif col.accepted_values and col.on_unknown == 'other' -%}
        case
            when lower({{ raw }}) in ({{ support_truth.sql_list(col.accepted_values) }}) then lower({{ raw }})
            when {{ raw }} is not null then 'other'
        end
    {%- elif col.accepted_values -%}
        lower({{ raw }})
    {%- else -%}
        {{ raw }}
    {%- endif -%}
{% endmacro %}


{# Returns a comma-separated list of quoted SQL text literals. #}
{% macro sql_list(values) -%}
    {%- for v in values %}'{{ v }}'{{ ", " if not loop.last }}{% endfor -%}
{%- endmacro %}


{# Returns the key's text expressions (e.g. the key columns' <name>__raw) joined as one text value
   ('|' between parts, a null part as empty text). #}
{% macro concat_key(key_exprs) -%}
    {%- for k in key_exprs -%}
        coalesce(cast({{ k }} as {{ support_truth.text_type() }}), '')
        {{- " || '|' || " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{# Returns one value per key (`key_exprs`: the key parts as SQL) for grouping and joining keys: equal
   keys give equal values, so the keys sharing a value are a superset of the repeated keys (what
   repeated_keys needs). DuckDB: a 64-bit hash (a narrow group-by over tens of millions of rows);
   elsewhere the key as text. #}
{% macro key_hash(key_exprs) %}
    {{ return(adapter.dispatch('key_hash', 'support_truth')(key_exprs)) }}
{% endmacro %}

{% macro default__key_hash(key_exprs) -%}
    {{ support_truth.concat_key(key_exprs) }}
{%- endmacro %}

{% macro duckdb__key_hash(key_exprs) -%}
    hash({{ key_exprs | join(', ') }})
{%- endmacro %}


{# Returns a select of the key values (key_hash of `typed_keys`, the key parts as SQL over `relation`)
   that occur on more than one row, once each, as _dq_key_hash, with is_repeated (true): the
   repeated_keys of validated_source. Elsewhere a group by. DuckDB: the hashes in order, each compared
   with the one before it. Almost every key is unique, so the group by builds a hash table of nearly
   one group per row; sorting the 64-bit hashes costs about half as much (D-1827: on `large`'s 51M
   product events 8.5-9.1 s against 17.6-18.0 s; 255M hashes at a 5 GB limit 47.6 against 61.4 s,
   5.4 GB resident: the sort spills). #}
{% macro repeated_key_hashes(relation, typed_keys) %}
    {{ return(adapter.dispatch('repeated_key_hashes', 'support_truth')(relation, typed_keys)) }}
{% endmacro %}

{% macro default__repeated_key_hashes(relation, typed_keys) -%}
select
    {{ support_truth.key_hash(typed_keys) }} as _dq_key_hash,
    true as is_repeated
from {{ relation }}
group by {{ support_truth.key_hash(typed_keys) }}
having count(*) > 1
{%- endmacro %}

{% macro duckdb__repeated_key_hashes(relation, typed_keys) -%}
select distinct
    _dq_key_hash,
    true as is_repeated
from (
    select
        _dq_key_hash,
        lag(_dq_key_hash) over (order by _dq_key_hash) as _dq_previous_key_hash
    from (
        select {{ support_truth.key_hash(typed_keys) }} as _dq_key_hash
        from {{ relation }}
    ) as key_hashes
) as ordered_key_hashes
where _dq_key_hash = _dq_previous_key_hash
{%- endmacro %}


{# Returns JSON object text of the raw (untyped) values of every contract column. #}
{% macro raw_values_json(spec) -%}
    {{ support_truth.json_object_from_exprs(support_truth.raw_value_exprs(spec)) }}
{%- endmacro %}


{# Returns {column name: SQL expression} of the raw values as quarantine may keep them:
   personal data dropped (`personal_data: drop`) or masked (`personal_data: mask`). #}
{% macro raw_value_exprs(spec) %}
    {%- set exprs = {} -%}
    {%- for col in spec -%}
        {%- if col.personal_data == 'drop' -%}
            {%- do exprs.update({col.name: "cast(null as " ~ support_truth.text_type() ~ ")"}) -%}
        {%- elif col.personal_data == 'mask' -%}
            {%- do exprs.update({col.name: support_truth.mask_pii(col.name ~ '__raw')}) -%}
        {%- else -%}
            {%- do exprs.update({col.name: col.name ~ '__raw'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(exprs) }}
{% endmacro %}


{# Returns true when timestamp text `raw` ends in a numeric UTC offset that no zone has: beyond
   +-14:00, or with minutes of 60 or more ('+25:00', '-1500', '+05:60', '+25'). The engines read
   some of them anyway (DuckDB any hours and minutes, PostgreSQL up to +-15:59, Spark up to
   +-18:00), each its own way; staging calls them unparseable on every engine. Text of the plain
   shape YYYY-MM-DD HH:MM:SS (19 characters) has no offset and skips the regex. #}
{% macro has_invalid_utc_offset(raw) -%}
    (length({{ raw }}) > 19 and {{ support_truth.regex_matches(raw,
        '[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\\s*[+-]((1[5-9]|[2-9][0-9])(:?[0-9]{2})?|14:?(0[1-9]|[1-5][0-9])|[0-9]{2}:?[6-9][0-9])(:?[0-9]{2})?$') | trim }})
{%- endmacro %}


{# Returns true when the typed timestamp or date column `col` is implausible: before var
   plausible_min_timestamp, or later than the row's _loaded_at (the loader cannot have seen an event
   that had not happened yet) by more than var max_future_days (dates, e.g. the end of a billing term,
   by more than var max_future_date_days). Null-safe: false when the value or _loaded_at is null. #}
{% macro implausible_time(col) -%}
    {%- set future_hours = 24 * (var('max_future_date_days') if col.data_type == 'date' else var('max_future_days')) -%}
    coalesce(
                cast({{ col.name }} as timestamp) < {{ support_truth.timestamp_literal(var('plausible_min_timestamp')) | trim }}
        {%- if col.name != '_loaded_at' %}
                or cast({{ col.name }} as timestamp) > {{ support_truth.add_hours('_loaded_at', future_hours) | trim }}
        {%- endif %},
                false
            )
{%- endmacro %}
