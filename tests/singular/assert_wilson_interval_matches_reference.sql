-- The Wilson macros reproduce the published 95% score intervals of Newcombe (1998),
-- "Two-sided confidence intervals for the single proportion", Stat Med 17:857-872, Table I
-- (method 3), to 4 decimals; plus the edge cases 0/n, n/n and n = 0 worked out by hand.
with reference as (
    select
        cases.successes,
        cases.trials,
        cases.expected_lower,
        cases.expected_upper
    from (
        values
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (10, 10, 0.7225, 1.0000),
        (0, 0, null, null)
    ) as cases (successes, trials, expected_lower, expected_upper)
),

computed as (
    select
        successes,
        trials,
        expected_lower,
        expected_upper,
        {{ wilson_lower('successes', 'trials') }} as actual_lower,
        {{ wilson_upper('successes', 'trials') }} as actual_upper
    from reference
)

select *
from computed
where
    not (
        (actual_lower is null and expected_lower is null)
        or abs(actual_lower - expected_lower) < 0.00005
    )
    or not (
        (actual_upper is null and expected_upper is null)
        or abs(actual_upper - expected_upper) < 0.00005
    )
