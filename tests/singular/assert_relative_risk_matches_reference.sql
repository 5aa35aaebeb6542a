-- The relative-risk macros reproduce the log-method (Katz; Altman 1991, Gardner & Altman
-- "Statistics with confidence" pp. 51-52) 95% intervals, to 4 decimals. Expected values were
-- computed by hand and checked in Python with only the formula and the `math` module:
--   rr = (a / n1) / (c / n2); se = sqrt(1/a - 1/n1 + 1/c - 1/n2);
--   lower, upper = exp(ln(rr) -/+ 1.959963984540054 * se).
--   (2, 4, 1, 8):       rr 4.0,    se sqrt(1.125) = 1.060660, bounds 0.5003, 31.9813
--   (30, 100, 15, 100): rr 2.0,    se sqrt(0.08)  = 0.282843, bounds 1.1489, 3.4817
--   (10, 50, 20, 50):   rr 0.5,    se sqrt(0.11)  = 0.331662, bounds 0.2610, 0.9578
--   (81, 263, 15, 148): rr 3.0388, se 0.261636,               bounds 1.8197, 5.0746
-- Edge cases, by the macros' definitions: a = 0 gives rr 0 and no interval (ln 0); an empty
-- 2x2 cell n1 - a = 0 gives rr 5 and no interval; c = 0 or n1 = 0 gives no rr at all.
with reference as (
    select
        cases.a,
        cases.n1,
        cases.c,
        cases.n2,
        cases.expected_rr,
        cases.expected_lower,
        cases.expected_upper
    from (
        values
        (2, 4, 1, 8, 4.0, 0.5003, 31.9813),
        (30, 100, 15, 100, 2.0, 1.1489, 3.4817),
        (10, 50, 20, 50, 0.5, 0.2610, 0.9578),
        (81, 263, 15, 148, 3.0388, 1.8197, 5.0746),
        (0, 10, 3, 10, 0.0, null, null),
        (5, 5, 2, 10, 5.0, null, null),
        (3, 10, 0, 10, null, null, null),
        (0, 0, 1, 5, null, null, null)
    ) as cases (a, n1, c, n2, expected_rr, expected_lower, expected_upper)
),

computed as (
    select
        a,
        n1,
        c,
        n2,
        expected_rr,
        expected_lower,
        expected_upper,
        {{ relative_risk('a', 'n1', 'c', 'n2') }} as actual_rr,
        {{ relative_risk_lower('a', 'n1', 'c', 'n2') }} as actual_lower,
        {{ relative_risk_upper('a', 'n1', 'c', 'n2') }} as actual_upper
    from reference
),

final as (
    select
        a,
        n1,
        c,
        n2,
        expected_rr,
        actual_rr,
        expected_lower,
        actual_lower,
        expected_upper,
        actual_upper
    from computed
    where
        not (
            (actual_rr is null and expected_rr is null)
            or abs(actual_rr - expected_rr) < 0.00005
        )
        or not (
            (actual_lower is null and expected_lower is null)
            or abs(actual_lower - expected_lower) < 0.00005
        )
        or not (
            (actual_upper is null and expected_upper is null)
            or abs(actual_upper - expected_upper) < 0.00005
        )
)

select * from final
