{#- Metric lists and maturity windows of the monitoring alerts and experiment readouts
    (docs/decisions.md D-1001..D-1012). Every rate is a population and a success over fct_contacts'
    rate flags (each decided once on the contact fact, D-1705): numerator = count_if(population and
    success), denominator = count_if(population); no caller re-derives a population. -#}

{# Returns the hours after a contact's start day (alerts) or an experiment's last exposure (experiments)
   until a metric of maturity class `maturity` is final: volume 0; outcome = resolution_inactivity_hours
   + alert_maturity_margin_hours; recontact adds recontact_window_hours (the default window, whose
   window-free flags the re-contact metrics read); survey adds survey_window_hours; downstream (alerts only)
   = outcome, the instructions' action windows being waited for per instruction (metric_decided_at).
   Alerts also wait for every contact of the day to be settled / past its re-contact window / past its
   instructions' action windows (macro metric_decided_at). #}
{% macro maturity_hours(maturity) %}
    {%- set outcome = var('resolution_inactivity_hours') + var('alert_maturity_margin_hours') -%}
    {%- if maturity == 'volume' -%}
        {{ return(0) }}
    {%- elif maturity in ('outcome', 'downstream') -%}
        {{ return(outcome) }}
    {%- elif maturity == 'recontact' -%}
        {{ return(outcome + var('recontact_window_hours')) }}
    {%- elif maturity == 'survey' -%}
        {{ return(outcome + var('survey_window_hours')) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("unknown maturity class '" ~ maturity ~ "'") }}
{% endmacro %}

{# Returns, for one fct_contacts row, the instant its membership of the populations of maturity class
   `maturity` is decided (null: never waited for): outcome = outcome_settles_at (is_outcome_settled);
   recontact = also the default window past recontact_clock_at (the FCR, true-resolution and re-contact
   flags), identified contacts only (anonymous ones never enter); survey = outcome_settles_at +
   survey_window_hours (a survey can arrive until then); downstream = the later of outcome_settles_at (an
   unsettled conversation can still give an instruction) and the last action window end of the contact's
   instructions that can enter the rate (downstream_window_ends_at: known action, identified customer;
   fct_instructions). Read from the facts' columns, so a day's maturity follows from the same flags as its
   rates. #}
{% macro metric_decided_at(maturity) %}
    {%- if maturity == 'volume' -%}
        {{ return('cast(null as ' ~ dbt.type_timestamp() ~ ')') }}
    {%- elif maturity == 'outcome' -%}
        {{ return('outcome_settles_at') }}
    {%- elif maturity == 'recontact' -%}
        {{ return(
            'case when customer_id is not null then '
            ~ greatest_of(['outcome_settles_at', add_hours('recontact_clock_at', var('recontact_window_hours'))])
            ~ ' end') }}
    {%- elif maturity == 'survey' -%}
        {{ return(add_hours('outcome_settles_at', var('survey_window_hours'))) }}
    {%- elif maturity == 'downstream' -%}
        {{ return(greatest_of(['outcome_settles_at', 'downstream_window_ends_at'])) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("no decided-at instant for maturity class '" ~ maturity ~ "'") }}
{% endmacro %}

{# Returns the daily alert metrics: kind (rate: population and success flags of fct_contacts, or per-contact
   counts summed (numerator_sum / denominator_sum: downstream action, whose unit is the instruction); count: a
   count of contacts; mean: sum of `value` over the population divided by the sum of `per` (1 when absent:
   a plain mean; a 0/1 flag: a ratio such as cost per resolution), z-tested with the baseline's per-contact
   variance, D-1913) and maturity class. `value` and `per` are fct_contacts columns or variable_cost_usd
   (fct_contact_costs' total_cost_usd without the monthly licence share, D-1913). #}
{% macro alert_metrics() %}
    {%- set csat = [] -%}
    {%- for stream in csat_streams() -%}
        {%- do csat.append({'name': 'csat_' ~ stream ~ '_mean', 'kind': 'mean', 'maturity': 'survey',
            'population': "csat_stream = '" ~ stream ~ "' and csat_score is not null", 'value': 'csat_score'}) -%}
    {%- endfor -%}
    {{ return([
        {'name': 'contacts', 'kind': 'count', 'maturity': 'volume'},
        {'name': 'escalation_rate', 'kind': 'rate', 'maturity': 'outcome',
         'population': 'is_ai_branch_rate_eligible', 'success': 'is_escalated'},
        {'name': 'containment_rate', 'kind': 'rate', 'maturity': 'outcome',
         'population': 'is_ai_rate_eligible', 'success': 'is_contained'},
        {'name': 'abandonment_rate', 'kind': 'rate', 'maturity': 'outcome',
         'population': 'is_ai_branch_rate_eligible', 'success': "outcome = 'abandoned'"},
        {'name': 'true_resolution_rate', 'kind': 'rate', 'maturity': 'recontact',
         'population': 'is_truly_resolved is not null', 'success': 'is_truly_resolved'},
        {'name': 'recontact_rate', 'kind': 'rate', 'maturity': 'recontact',
         'population': 'is_recontact_rate_eligible', 'success': 'is_recontacted'},
        {'name': 'fcr_rate', 'kind': 'rate', 'maturity': 'recontact',
         'population': 'is_fcr is not null', 'success': 'is_fcr'},
        {'name': 'downstream_action_rate', 'kind': 'rate', 'maturity': 'downstream',
         'numerator_sum': 'downstream_actions_taken', 'denominator_sum': 'downstream_instructions'},
        {'name': 'policy_compliance_score', 'kind': 'rate', 'maturity': 'outcome',
         'population': 'has_policy_checks', 'success': 'not has_critical_policy_failure'},
        {'name': 'resolution_seconds_mean', 'kind': 'mean', 'maturity': 'outcome',
         'population': 'resolution_seconds is not null', 'value': 'resolution_seconds'},
        {'name': 'variable_cost_per_resolution_usd', 'kind': 'mean', 'maturity': 'outcome',
         'population': 'is_outcome_settled', 'value': 'variable_cost_usd', 'per': 'is_resolved'},
    ] + csat) }}
{% endmacro %}

{# Returns the experiment metrics over fct_contacts rows (plus total_cost_usd of fct_contact_costs): kind
   rate (population and success flags, two-proportion z-test) or mean (value expression over non-null
   values, Welch's t-test), maturity class, and whether a higher value is better. #}
{% macro experiment_metrics() %}
    {{ return([
        {'name': 'resolution_rate', 'kind': 'rate', 'maturity': 'outcome', 'higher_is_better': true,
         'population': 'is_ai_rate_eligible', 'success': 'is_contained'},
        {'name': 'escalation_rate', 'kind': 'rate', 'maturity': 'outcome', 'higher_is_better': false,
         'population': 'is_ai_branch_rate_eligible', 'success': 'is_escalated'},
        {'name': 'recontact_rate', 'kind': 'rate', 'maturity': 'recontact', 'higher_is_better': false,
         'population': 'is_recontact_rate_eligible', 'success': 'is_recontacted'},
        {'name': 'fcr_rate', 'kind': 'rate', 'maturity': 'recontact', 'higher_is_better': true,
         'population': 'is_fcr is not null', 'success': 'is_fcr'},
        {'name': 'csat_mean', 'kind': 'mean', 'maturity': 'survey', 'higher_is_better': true,
         'value': 'csat_score'},
        {'name': 'resolution_seconds_mean', 'kind': 'mean', 'maturity': 'outcome', 'higher_is_better': false,
         'value': 'resolution_seconds'},
        {'name': 'cost_per_contact_usd', 'kind': 'mean', 'maturity': 'outcome', 'higher_is_better': false,
         'value': 'total_cost_usd'},
    ]) }}
{% endmacro %}

{# Returns the fct_contacts columns the alert and experiment metrics above read (for explicit import CTEs). #}
{% macro metric_flag_columns() %}
    {{ return([
        'outcome', 'is_escalated', 'is_contained', 'is_ai_rate_eligible', 'is_ai_branch_rate_eligible',
        'is_truly_resolved', 'is_recontacted', 'is_recontact_rate_eligible',
        'is_fcr', 'outcome_settles_at', 'recontact_clock_at',
    ]) }}
{% endmacro %}

{# Returns the further fct_contacts columns only the alert metrics read (policy compliance, the means). #}
{% macro alert_only_columns() %}
    {{ return([
        'has_policy_checks', 'has_critical_policy_failure', 'resolution_seconds', 'is_outcome_settled',
        'is_resolved', 'csat_stream', 'csat_score',
    ]) }}
{% endmacro %}
