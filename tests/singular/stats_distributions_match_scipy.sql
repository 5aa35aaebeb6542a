-- Returns every reference point where a distribution macro (macros/stats/distributions.sql) is
-- further from scipy 1.17.1 than its tolerance; the reference values are in
-- tests/singular/_singular__tests.yml.
with normal_points as (
    select
        points.x,
        points.expected
    from (
        values
        (-3.0, 0.0013498980316300933),
        (-1.959963984540054, 0.025),
        (-0.5, 0.3085375387259869),
        (0.0, 0.5),
        (1.0, 0.8413447460685429),
        (2.5758293035489004, 0.995),
        (4.0, 0.9999683287581669)
    ) as points (x, expected)
),

t_points as (
    select
        points.t,
        points.df,
        points.expected
    from (
        values
        (2.0, 3.0, 0.13932596855884305),
        (1.0, 4.5, 0.3680050838801885),
        (2.5, 7.3, 0.03965023466560043),
        (-3.0, 12.0, 0.01106669568603369),
        (0.3, 30.0, 0.7662461052843528),
        (4.0, 100.0, 0.00012152364430076177)
    ) as points (t, df, expected)
),

quantile_points as (
    select
        points.df,
        points.expected
    from (
        values
        (4.0, 2.7764451051977934),
        (5.5, 2.501858617589239),
        (10.0, 2.228138851986274),
        (30.0, 2.0422724563012378),
        (200.0, 1.9718962236339088)
    ) as points (df, expected)
),

chi_square_points as (
    select
        points.x,
        points.expected
    from (
        values
        (0.5, 0.47950012218695337),
        (3.841458820694124, 0.04999999999999989),
        (6.0, 0.014305878435429641),
        (10.83, 0.0009986863791802592),
        (20.0, 7.744216431044088e-06)
    ) as points (x, expected)
),

checks as (
    select
        'normal_cdf' as function_name,
        x as argument,
        expected,
        {{ normal_cdf('x') }} as actual,
        1e-6 as tolerance
    from normal_points
    union all
    select
        'student_t_two_sided_p (df ' || cast(df as {{ text_type() }}) || ')' as function_name,
        t as argument,
        expected,
        {{ student_t_two_sided_p('t', 'df') }} as actual,
        1e-4 as tolerance
    from t_points
    union all
    select
        'student_t_quantile_975' as function_name,
        df as argument,
        expected,
        {{ student_t_quantile_975('df') }} as actual,
        1e-3 as tolerance
    from quantile_points
    union all
    select
        'chi_square_1df_p' as function_name,
        x as argument,
        expected,
        {{ chi_square_1df_p('x') }} as actual,
        1e-6 as tolerance
    from chi_square_points
)

select * from checks
where actual is null or abs(actual - expected) > tolerance
