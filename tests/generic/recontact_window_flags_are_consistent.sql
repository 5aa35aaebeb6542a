{#- Asserts the re-contact flags of fct_contacts for every window (macro recontact_window_columns: the
    default window's window-free columns and each is_<flag>_<w> of var recontact_windows), whatever the
    windows are (docs/decisions.md D-1702, D-1704, D-1708):
      - FCR and AI FCR populations: settled and identified; AI FCR only inside the FCR population, for
        AI-first, AI-involved contacts; an FCR is resolved, an AI FCR contained;
      - the re-contact rate population: settled, resolved, flag known;
      - windows nest: re-contacted within a shorter window implies within a longer one (unknown allowed);
      - two columns of the same hours (the default window and its suffixed twin) are equal.
    Returns the offending rows with the rule they break. -#}
{% test recontact_window_flags_are_consistent(model) %}
{%- set windows = recontact_window_columns() | sort(attribute='1') %}
{%- set checks = [] %}
{%- for s, hours in windows %}
    {%- set w = s[1:] if s else 'default' %}
    {%- do checks.append(('fcr population ' ~ w, 'is_fcr' ~ s ~ ' is null or (is_outcome_settled and customer_id is not null)')) %}
    {%- do checks.append(('fcr is resolved ' ~ w, 'not coalesce(is_fcr' ~ s ~ ', false) or is_resolved')) %}
    {%- do checks.append(('ai fcr population ' ~ w,
        'is_ai_fcr' ~ s ~ ' is null or (is_fcr' ~ s ~ " is not null and handler_branch = 'ai' and is_ai_involved)")) %}
    {%- do checks.append(('ai fcr is contained ' ~ w, 'not coalesce(is_ai_fcr' ~ s ~ ', false) or (is_contained and is_fcr' ~ s ~ ')')) %}
    {%- do checks.append(('recontact rate population ' ~ w,
        'not is_recontact_rate_eligible' ~ s ~ ' or (is_resolved and is_outcome_settled and is_recontacted' ~ s ~ ' is not null)')) %}
    {%- if not loop.last %}
        {%- set t, longer = windows[loop.index] %}
        {%- set next_w = t[1:] if t else 'default' %}
        {%- if longer == hours %}
            {%- for flag in ['is_recontacted', 'is_fcr', 'is_ai_fcr', 'is_recontact_rate_eligible'] %}
                {%- do checks.append((flag ~ ' equal ' ~ w ~ ' ' ~ next_w,
                    '(' ~ flag ~ s ~ ' is null and ' ~ flag ~ t ~ ' is null) or ' ~ flag ~ s ~ ' = ' ~ flag ~ t)) %}
            {%- endfor %}
        {%- else %}
            {%- do checks.append(('windows nest ' ~ w ~ ' ' ~ next_w,
                'not coalesce(is_recontacted' ~ s ~ ', false) or coalesce(is_recontacted' ~ t ~ ', true)')) %}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- for name, condition in checks %}
select '{{ name }}' as broken_rule, contact_id
from {{ model }}
where not coalesce(({{ condition }}), false)
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
{% endtest %}
