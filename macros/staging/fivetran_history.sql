{# Fivetran history-mode tables (the Intercom adapter's *_history): every version of a row, with
   _fivetran_active marking the one that describes it now. Columns are cast to text first. #}

{# Returns true for the active version of a history row (_fivetran_active true, as text). #}
{% macro fivetran_is_active() -%}
    lower(cast(_fivetran_active as {{ support_truth.text_type() }})) in ('true', '1', 't')
{%- endmacro %}


{# Returns the rank of a history row among the versions of its id: 1 for the current version (the
   active one, else the latest updated_at). #}
{% macro fivetran_version_rank() -%}
    row_number() over (
        partition by cast(id as {{ support_truth.text_type() }})
        order by
            case when {{ support_truth.fivetran_is_active() }} then 0 else 1 end,
            {{ support_truth.parse_timestamp_utc('cast(updated_at as ' ~ support_truth.text_type() ~ ')') }} desc nulls last
    )
{%- endmacro %}
