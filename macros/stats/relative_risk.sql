{#- Relative risk of an event in an exposed group (a events of n1) vs a reference group (c events
    of n2), with the 95% interval of the log method (Katz 1978; Altman 1991):
    SE(ln RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2), bounds exp(ln RR -/+ z * SE).
    Arguments are SQL expressions (columns or aggregates); they are cast to double first (macro
    `as_double`) so that integer columns never divide as integers on any engine. -#}

{# Returns (a / n1) / (c / n2); null when n1, n2 or c is 0 (0 when a = 0 and the rest is defined). #}
{% macro relative_risk(a, n1, c, n2) %}
    case
        when ({{ n1 }}) > 0 and ({{ n2 }}) > 0 and ({{ c }}) > 0
            then ({{ support_truth.as_double(a) }} / ({{ n1 }})) / ({{ support_truth.as_double(c) }} / ({{ n2 }}))
    end
{% endmacro %}

{# Returns the lower 95% bound of the relative risk (log method); null when any 2x2 cell (a, n1 - a, c, n2 - c) is 0. #}
{% macro relative_risk_lower(a, n1, c, n2, z=1.959963984540054) %}
    {{ support_truth.relative_risk_bound(a, n1, c, n2, -1, z) }}
{% endmacro %}

{# Returns the upper 95% bound of the relative risk (log method); null when any 2x2 cell (a, n1 - a, c, n2 - c) is 0. #}
{% macro relative_risk_upper(a, n1, c, n2, z=1.959963984540054) %}
    {{ support_truth.relative_risk_bound(a, n1, c, n2, 1, z) }}
{% endmacro %}

{# Returns exp(ln RR + sign * z * SE) (sign -1 = lower, 1 = upper); null when any 2x2 cell is 0. #}
{% macro relative_risk_bound(a, n1, c, n2, sign, z) %}
    case
        when ({{ a }}) > 0 and ({{ n1 }}) - ({{ a }}) > 0 and ({{ c }}) > 0 and ({{ n2 }}) - ({{ c }}) > 0
            then exp(
                ln(({{ support_truth.as_double(a) }} / ({{ n1 }})) / ({{ support_truth.as_double(c) }} / ({{ n2 }})))
                + ({{ sign }}) * {{ z }} * sqrt(
                    1 / {{ support_truth.as_double(a) }} - 1 / {{ support_truth.as_double(n1) }}
                    + 1 / {{ support_truth.as_double(c) }} - 1 / {{ support_truth.as_double(n2) }}
                )
            )
    end
{% endmacro %}
