{# Returns the expressions a join on the key `exprs` (a list of SQL expressions, never null) compares,
   one list per side: the same call on both sides gives matching lists. Elsewhere the key itself;
   for a key of two parts, two expressions on every engine.
   DuckDB: two 64-bit hashes of the key (128 bits), so that a hash join's table holds 16 bytes per
   row instead of the key's texts. int_conversation_timeline joins 52M events to their order on
   `xlarge` by (event_source, event_id): with the texts the join's table did not fit in a 5 GB limit
   and spilled 3.8 GB (102 s alone), with the hashes it fits (64 s); docs/decisions.md D-1841. Two
   different keys match with a chance of about n^2 / 2^129 (n rows: 4e-24 for 52M); both sides of
   that join hold the same keys, so a false match would add a second row to an event, which the
   timeline's unique test on (event_source, event_id) reports. The second hash reads the parts
   joined as one text, so that it does not repeat the first one's per-part hashes. #}
{% macro join_keys(exprs) %}
    {{ return(adapter.dispatch('join_keys', 'support_truth')(exprs)) }}
{% endmacro %}

{% macro default__join_keys(exprs) %}
    {{ return(exprs) }}
{% endmacro %}

{% macro duckdb__join_keys(exprs) %}
    {%- set texts = [] -%}
    {%- for e in exprs -%}
        {%- do texts.append('cast(' ~ e ~ ' as varchar)') -%}
    {%- endfor -%}
    {{ return(['hash(' ~ exprs | join(', ') ~ ')', 'hash(' ~ texts | join(" || chr(31) || ") ~ ')']) }}
{% endmacro %}
