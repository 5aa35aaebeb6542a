{# Returns free text `expr` with email addresses replaced by [email] and phone numbers by [phone]. #}
{% macro mask_pii(expr) %}
    {{ support_truth.regex_replace_all(
        support_truth.regex_replace_all(expr, var('pii_email_regex'), '[email]'),
        var('pii_phone_regex'), '[phone]') }}
{% endmacro %}
