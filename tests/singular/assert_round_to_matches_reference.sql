-- round_to() rounds to the given decimal places and never returns -0.0: a tiny negative
-- correlation such as -5.6e-17 (one summation order of r = 0) must read 0.0, as it does on
-- another run. atan2(x, -1) is pi for 0.0 and -pi for -0.0 on every engine.
with reference as (
    select
        cases.raw_value,
        cases.expected_value
    from (
        values
        (-5.6e-17, 0.0),
        (5.6e-17, 0.0),
        (-0.0, 0.0),
        (0.1234567890126, 0.123456789013),
        (-0.1234567890124, -0.123456789012),
        (-1.0, -1.0)
    ) as cases (raw_value, expected_value)
),

computed as (
    select
        raw_value,
        expected_value,
        {{ round_to('cast(raw_value as ' ~ type_double() ~ ')', 12) }} as actual_value
    from reference
)

select *
from computed
where
    abs(actual_value - expected_value) > 1e-15
    or (actual_value = 0 and atan2(actual_value, -1) < 0)
