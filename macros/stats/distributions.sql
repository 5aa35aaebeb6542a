{#- Distribution functions for significance tests, in plain arithmetic (exp, ln, sqrt, abs), so they
    run unchanged on DuckDB, PostgreSQL and Spark (none of which has erf or a t distribution in
    common). Arguments are SQL expressions; pass column names, since each is repeated inline.
    Accuracy against scipy 1.17 (docs/decisions.md D-1008): normal tail to 1.5e-7 absolute,
    Student t p-values to 2.2e-5 for df >= 3 (4e-4 at df = 2), the t 97.5% quantile to 9e-4
    for df >= 4. -#}

{# Returns the upper-tail probability 1 - Phi(|x|) of the standard normal distribution
   (Abramowitz & Stegun 26.2.17, absolute error < 7.5e-8). #}
{% macro normal_upper_tail_abs(x) %}
    (
        exp(-0.5 * ({{ x }}) * ({{ x }})) * 0.3989422804014327
        * (1.0 / (1.0 + 0.2316419 * abs({{ x }})))
        * (
            0.319381530 + (1.0 / (1.0 + 0.2316419 * abs({{ x }}))) * (
                -0.356563782 + (1.0 / (1.0 + 0.2316419 * abs({{ x }}))) * (
                    1.781477937 + (1.0 / (1.0 + 0.2316419 * abs({{ x }}))) * (
                        -1.821255978 + (1.0 / (1.0 + 0.2316419 * abs({{ x }}))) * 1.330274429
                    )
                )
            )
        )
    )
{% endmacro %}

{# Returns Phi(x), the standard normal cumulative distribution function at x. #}
{% macro normal_cdf(x) %}
    case
        when ({{ x }}) >= 0 then 1.0 - {{ support_truth.normal_upper_tail_abs(x) }}
        else {{ support_truth.normal_upper_tail_abs(x) }}
    end
{% endmacro %}

{# Returns the two-sided p-value 2 * (1 - Phi(|z|)) of a standard normal test statistic z. #}
{% macro normal_two_sided_p(z) %}
    {{ support_truth.least_of(['1.0', '2.0 * ' ~ support_truth.normal_upper_tail_abs(z)]) }}
{% endmacro %}

{# Returns the p-value of a chi-square statistic with 1 degree of freedom (= two-sided normal p of sqrt(x)). #}
{% macro chi_square_1df_p(x) %}
    {{ support_truth.normal_two_sided_p('sqrt(' ~ x ~ ')') }}
{% endmacro %}

{# Returns |z| such that a Student t statistic t with df degrees of freedom (df > 0.5, not necessarily
   an integer) has the same two-sided tail as a standard normal z (Hill 1970, CACM Algorithm 395,
   the asymptotic branch). #}
{% macro student_t_to_abs_z(t, df) %}
    (
        (
            (
                (
                    (
                        (-0.4 * (({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})) - 3.3)
                        * (({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})) - 24.0
                    )
                    * (({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})) - 85.5
                )
                / (
                    0.8 * power((({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})), 2)
                    + 100.0 + 48.0 * power(({{ df }}) - 0.5, 2)
                )
                + (({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})) + 3.0
            )
            / (48.0 * power(({{ df }}) - 0.5, 2))
            + 1.0
        )
        * sqrt((({{ df }}) - 0.5) * ln(1.0 + ({{ t }}) * ({{ t }}) / ({{ df }})))
    )
{% endmacro %}

{# Returns the two-sided p-value of a Student t statistic t with df degrees of freedom (null when df <= 0.5). #}
{% macro student_t_two_sided_p(t, df) %}
    case
        when ({{ df }}) > 0.5
            then {{ support_truth.normal_two_sided_p(support_truth.student_t_to_abs_z(t, df)) }}
    end
{% endmacro %}

{# Returns the 97.5% quantile of Student's t with df degrees of freedom (Cornish-Fisher expansion
   around z = 1.959963984540054, terms to 1/df^4; null when df <= 0). #}
{% macro student_t_quantile_975(df) %}
    case
        when ({{ df }}) > 0
            then 1.959963984540054
            + 2.372271230298562 / ({{ df }})
            + 2.8224986157396112 / power({{ df }}, 2)
            + 2.555849679507722 / power({{ df }}, 3)
            + 1.5895340533938225 / power({{ df }}, 4)
    end
{% endmacro %}
