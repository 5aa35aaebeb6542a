{#- Metric lists and maturity windows of the monitoring alerts and experiment readouts
    (docs/decisions.md D-1001..D-1012). -#}

{# Returns the hours after a contact's start day (alerts) or an experiment's last exposure (experiments)
   until a metric of maturity class `maturity` is final: volume 0; outcome = resolution_inactivity_hours
   + alert_maturity_margin_hours; recontact adds recontact_window_hours; survey adds survey_window_hours. #}
{% macro maturity_hours(maturity) %}
    {%- set outcome = var('resolution_inactivity_hours') + var('alert_maturity_margin_hours') -%}
    {%- if maturity == 'volume' -%}
        {{ return(0) }}
    {%- elif maturity == 'outcome' -%}
        {{ return(outcome) }}
    {%- elif maturity == 'recontact' -%}
        {{ return(outcome + var('recontact_window_hours')) }}
    {%- elif maturity == 'survey' -%}
        {{ return(outcome + var('survey_window_hours')) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("unknown maturity class '" ~ maturity ~ "'") }}
{% endmacro %}

{# Returns the daily alert metrics: columns of mart_agent_performance_daily with their kind (rate: a
   rate_columns bundle; count: an integer column) and maturity class. #}
{% macro alert_metrics() %}
    {%- set suffix = recontact_default_suffix() -%}
    {{ return([
        {'name': 'contacts', 'kind': 'count', 'maturity': 'volume'},
        {'name': 'escalation_rate', 'kind': 'rate', 'maturity': 'outcome'},
        {'name': 'containment_rate', 'kind': 'rate', 'maturity': 'outcome'},
        {'name': 'abandonment_rate', 'kind': 'rate', 'maturity': 'outcome'},
        {'name': 'true_resolution_rate', 'kind': 'rate', 'maturity': 'recontact'},
        {'name': 'recontact_rate_' ~ suffix, 'kind': 'rate', 'maturity': 'recontact'},
        {'name': 'fcr_rate_' ~ suffix, 'kind': 'rate', 'maturity': 'recontact'},
    ]) }}
{% endmacro %}

{# Returns the experiment metrics over int_contact_performance rows: kind rate (numerator and denominator
   conditions, two-proportion z-test) or mean (value expression over non-null values, Welch's t-test),
   maturity class, and whether a higher value is better. #}
{% macro experiment_metrics() %}
    {%- set suffix = recontact_default_suffix() -%}
    {{ return([
        {'name': 'resolution_rate', 'kind': 'rate', 'maturity': 'outcome', 'higher_is_better': true,
         'numerator': 'is_outcome_final and is_contained', 'denominator': 'is_outcome_final and is_ai_involved'},
        {'name': 'escalation_rate', 'kind': 'rate', 'maturity': 'outcome', 'higher_is_better': false,
         'numerator': 'is_outcome_final and is_ai_branch and is_escalated', 'denominator': 'is_outcome_final and is_ai_branch'},
        {'name': 'recontact_rate_' ~ suffix, 'kind': 'rate', 'maturity': 'recontact', 'higher_is_better': false,
         'numerator': 'is_resolved and is_recontacted_default', 'denominator': 'is_resolved and is_recontacted_default is not null'},
        {'name': 'fcr_rate_' ~ suffix, 'kind': 'rate', 'maturity': 'recontact', 'higher_is_better': true,
         'numerator': 'is_fcr_default', 'denominator': 'is_fcr_default is not null'},
        {'name': 'csat_mean', 'kind': 'mean', 'maturity': 'survey', 'higher_is_better': true,
         'value': 'csat_score'},
        {'name': 'resolution_seconds_mean', 'kind': 'mean', 'maturity': 'outcome', 'higher_is_better': false,
         'value': 'resolution_seconds'},
        {'name': 'cost_per_contact_usd', 'kind': 'mean', 'maturity': 'outcome', 'higher_is_better': false,
         'value': 'total_cost_usd'},
    ]) }}
{% endmacro %}
