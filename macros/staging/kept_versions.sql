{# Returns a select of the rows staging keeps from a base_* model (`base`, a ref()): the valid rows
   (_dq_reason null), one version per key (_dq_version_rank = 1). Every column of the base model. #}
{% macro kept_versions(base) -%}
    select * from {{ base }}
    where _dq_reason is null and _dq_version_rank = 1
{%- endmacro %}
