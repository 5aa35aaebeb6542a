{# The window rule of downstream action (docs/metrics.md, D-1807): a product event falls in an
   instruction's window when it is the same customer's, after instructed_at and at or before
   window_ends_at, and names the instruction's success or contrary event. int_instruction_matches
   joins with it both to match and to find the windows an arrived product event touches (its
   incremental scope), so the two cannot drift apart. `instruction`, `event`: the two relations'
   aliases. #}
{% macro in_instruction_window(instruction, event) -%}
    {{ instruction }}.customer_id = {{ event }}.customer_id
            and {{ event }}.occurred_at > {{ instruction }}.instructed_at
            and {{ event }}.occurred_at <= {{ instruction }}.window_ends_at
            and {{ event }}.event_name in ({{ instruction }}.success_event, {{ instruction }}.contrary_event)
{%- endmacro %}
