{# Returns a select of the rows staging keeps from a base_* model (`base`, a ref()): the valid rows
   (_dq_reason null), one version per key (_dq_version_rank = 1). Every column of the base model, and
   with `key_column` (a base model built with validated_source(key_in_dq_key=true), which stores its
   single plain-text key only as _dq_key) that key, nullif(_dq_key, ''), first. #}
{% macro kept_versions(base, key_column=none) -%}
    select
        {%- if key_column %}
        nullif(_dq_key, '') as {{ key_column }},
        {%- endif %}
        *
    from {{ base }}
    where _dq_reason is null and _dq_version_rank = 1
{%- endmacro %}
