"""Calibration of the experiment readout at the unit of randomisation (docs/decisions.md D-1901..D-1905).

The mart SQL itself is measured: mart_experiment_arm_metrics and mart_experiment_results are compiled
once (one dbt invocation, no build) and run in DuckDB over a simulated fct_contacts holding thousands of
experiments at once, so no dbt build per replicate. Simulated customers are randomised to arms; their
contacts are heavy-tailed (most customers contact once, a few dozens of times) and share a customer-level
escalation propensity, so contacts within a customer are correlated; each customer also has contacts in
the pre-exposure window, escalated with the same propensity (the CUPED covariate).

A/A experiments: the mart's 95% interval (delta method, CUPED on by default) must cover 0 in 93.5-96.5%
and its false-positive rate at 0.05 be 3.5-6.5%. A/B experiments with a planted escalation effect: the
interval must cover the planted effect in 93.5-96.5%. The naive contact-level test (naive_p_value, Wald
interval) is printed beside it, and NumPy copies of the formulas are shown identical to the SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from conftest import build_failures, dbt_invoke, duckdb_path
from numpy.typing import NDArray

Array = NDArray[np.float64]
Z975 = 1.959963984540054
SEED = 20260319
AA_EXPERIMENTS = 2000
AB_EXPERIMENTS = 2000
CUSTOMERS_PER_EXPERIMENT = 500
PLANTED_EFFECT = 0.05  # added to every treated customer's escalation propensity
MODELS = ("mart_experiment_arm_metrics", "mart_experiment_results")
_erfc = np.frompyfunc(math.erfc, 1, 1)


# ---------------------------------------------------------------------------------------------------
# The readout's formulas in NumPy, one for one with mart_experiment_results (macro linearised_comoment).
# ---------------------------------------------------------------------------------------------------
def comoment(s_ac: Array, s_ad: Array, s_bc: Array, s_bd: Array, r_a: Array, r_c: Array) -> Array:
    """sum((a - r_a b)(c - r_c d)) over units from the sums of products."""
    return s_ac - r_c * s_ad - r_a * s_bc + r_a * r_c * s_bd


def linearised(s: dict[str, Array]) -> dict[str, Array]:
    """Per arm: ratio, pre-period ratio and sums of l^2, m^2, l m of the linearised metric / covariate."""
    n = s["customers"]
    ratio = s["sum_y"] / s["sum_x"]
    pre_ratio = np.where(s["sum_pre_x"] > 0, s["sum_pre_y"] / np.maximum(s["sum_pre_x"], 1e-300), np.nan)
    mean_x, mean_pre_x = s["sum_x"] / n, s["sum_pre_x"] / n
    return {
        "n": n, "ratio": ratio, "pre_ratio": pre_ratio,
        "l2": comoment(s["sum_yy"], s["sum_xy"], s["sum_xy"], s["sum_xx"], ratio, ratio) / mean_x**2,
        "m2": comoment(s["sum_pre_yy"], s["sum_pre_xy"], s["sum_pre_xy"], s["sum_pre_xx"], pre_ratio, pre_ratio)
        / mean_pre_x**2,
        "lm": comoment(s["sum_y_pre_y"], s["sum_y_pre_x"], s["sum_x_pre_y"], s["sum_x_pre_x"], ratio, pre_ratio)
        / (mean_x * mean_pre_x),
    }


def delta_readout(control: dict[str, Array], treatment: dict[str, Array], *, cuped: bool) -> dict[str, Array]:
    """Adjusted difference, CUPED theta, standard error, interval and p-value (delta method)."""
    c, t = linearised(control), linearised(treatment)
    cd, td = c["n"] * (c["n"] - 1.0), t["n"] * (t["n"] - 1.0)
    unadjusted = c["l2"] / cd + t["l2"] / td
    m2 = c["m2"] + t["m2"]
    theta = np.where(cuped & (m2 > 0), (c["lm"] + t["lm"]) / np.where(m2 > 0, m2, 1.0), np.nan)
    th = np.nan_to_num(theta)
    difference = t["ratio"] - c["ratio"] - th * np.nan_to_num(t["pre_ratio"] - c["pre_ratio"])
    variance = np.where(
        np.isnan(theta), unadjusted,
        (c["l2"] - 2 * th * c["lm"] + th * th * c["m2"]) / cd + (t["l2"] - 2 * th * t["lm"] + th * th * t["m2"]) / td,
    )
    se = np.sqrt(variance)
    return {
        "adjusted_difference": difference, "cuped_theta": theta, "standard_error": se,
        "variance_reduction": 1.0 - variance / unadjusted, "lower": difference - Z975 * se,
        "upper": difference + Z975 * se, "p_value": two_sided_p(difference / se),
    }


def two_sided_p(z: Array) -> Array:
    return np.asarray(_erfc(np.abs(z) / math.sqrt(2.0)), dtype=float)


# ---------------------------------------------------------------------------------------------------
# Simulation: one fct_contacts of many experiments.
# ---------------------------------------------------------------------------------------------------
def simulate_contacts(rng: np.random.Generator) -> pa.Table:
    """fct_contacts rows of AA_EXPERIMENTS A/A then AB_EXPERIMENTS A/B experiments (escalation_rate only:
    every contact is in its population); experiment_key = the experiment's number."""
    experiments = AA_EXPERIMENTS + AB_EXPERIMENTS
    customers = experiments * CUSTOMERS_PER_EXPERIMENT
    experiment = np.repeat(np.arange(experiments), CUSTOMERS_PER_EXPERIMENT)
    treated = rng.random(customers) < 0.5
    # Customer-level propensity (intra-customer correlation) and heavy-tailed contacts per customer.
    propensity = np.clip(rng.beta(1.2, 2.0, customers), 0.01, 0.9)
    # Zipf(2), capped at 20: 61% of customers contact once, 4% ten times or more.
    contacts = np.minimum(rng.zipf(2.0, customers), 20)
    pre_contacts = np.where(rng.random(customers) < 0.5, 0, np.minimum(rng.zipf(1.6, customers), 10))
    planted = np.where(experiment >= AA_EXPERIMENTS, PLANTED_EFFECT, 0.0)
    exposed_propensity = propensity + np.where(treated, planted, 0.0)

    def rows(counts: NDArray[np.int64], p: Array, pre: bool) -> dict[str, NDArray]:
        owner = np.repeat(np.arange(customers), counts)
        hours = rng.uniform(0, 13 * 24, owner.size)
        return {
            "owner": owner, "escalated": rng.random(owner.size) < p[owner], "pre": np.full(owner.size, pre),
            # Exposures on 2026-03-01 .. 03-14; pre-period contacts 2026-02-16 .. 02-28 (within 28 days).
            "seconds": (hours if not pre else hours - 13 * 24) * 3600.0,
        }

    post, before = rows(contacts, exposed_propensity, False), rows(pre_contacts, propensity, True)
    owner = np.concatenate([post["owner"], before["owner"]])
    is_pre = np.concatenate([post["pre"], before["pre"]])
    start = np.datetime64("2026-03-01T00:00:00", "us")
    seconds = np.concatenate([post["seconds"], before["seconds"]])
    variant = np.where(treated[owner], 1, 0).astype(np.int8)
    table = pa.table({
        # Integer keys: the SQL only groups and joins on them; text would only slow the simulation.
        "contact_id": pa.array(np.arange(owner.size)),
        "customer_id": pa.array(owner),
        "experiment_key": pa.array(experiment[owner], mask=is_pre),
        "experiment_variant": pa.DictionaryArray.from_arrays(
            pa.array(variant, mask=is_pre), pa.array(["control", "treatment"])
        ).cast(pa.string()),
        "started_at": pa.array(start + (seconds * 1e6).astype("timedelta64[us]")),
        "is_escalated": pa.array(np.concatenate([post["escalated"], before["escalated"]])),
        "is_ai_branch_rate_eligible": pa.array(np.ones(owner.size, dtype=bool)),
    })
    return table


@dataclass(frozen=True)
class Readouts:
    results: dict[str, NDArray]
    arms: dict[str, dict[str, Array]]  # control / treatment sums, aligned with results


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The two models' SQL compiled once against a DuckDB file named `sim` (default vars)."""
    work = tmp_path_factory.mktemp("calibration")
    with duckdb_path(work / "sim.duckdb"):
        result = dbt_invoke(["compile", "--select", *MODELS, "--quiet"], work)
    assert result.success, build_failures(result)
    folder = work / "target" / "compiled" / "support_truth" / "models" / "marts" / "experiments"
    return {model: (folder / f"{model}.sql").read_text() for model in MODELS}


@pytest.fixture(scope="module")
def readouts(compiled_sql: dict[str, str]) -> Readouts:
    """Simulated contacts -> the compiled arm-metrics SQL -> the compiled results SQL, all in DuckDB."""
    table = simulate_contacts(np.random.default_rng(SEED))
    con = duckdb.connect(":memory:")
    con.execute("attach ':memory:' as sim")
    con.execute("create schema sim.marts; create schema sim.intermediate")
    con.register("simulated", table)
    fact_columns = [
        "outcome", "is_contained", "is_ai_rate_eligible", "is_truly_resolved", "is_recontacted",
        "is_recontact_rate_eligible", "is_fcr", "outcome_settles_at", "recontact_clock_at", "csat_score",
        "resolution_seconds",
    ]
    nulls = ", ".join(f"null as {column}" for column in fact_columns)
    con.execute(f"create table sim.marts.fct_contacts as select *, {nulls} from simulated")
    con.execute("create table sim.marts.fct_contact_costs as select contact_id, null::double as total_cost_usd"
                " from simulated where false")
    con.execute("create table sim.intermediate.int_as_of as select timestamp '2026-06-01' as as_of")
    con.execute(f"create table sim.marts.mart_experiment_arm_metrics as {compiled_sql[MODELS[0]]}")
    con.execute(f"create table sim.marts.mart_experiment_results as {compiled_sql[MODELS[1]]}")
    sums = [
        "customers", "n", "successes", "sum_y", "sum_x", "sum_yy", "sum_xx", "sum_xy", "sum_pre_y", "sum_pre_x",
        "sum_pre_yy", "sum_pre_xx", "sum_pre_xy", "sum_y_pre_y", "sum_y_pre_x", "sum_x_pre_y", "sum_x_pre_x",
    ]
    result_columns = [
        "experiment_key", "absolute_difference", "adjusted_difference", "cuped_theta", "standard_error",
        "variance_reduction", "difference_lower", "difference_upper", "p_value", "naive_p_value", "test",
    ]
    arm_select = ", ".join(f"{arm}.{c} as {arm}_{c}" for arm in ("control", "treatment") for c in sums)
    cursor = con.execute(f"""
        select {", ".join(f"r.{c}" for c in result_columns)}, {arm_select}
        from sim.marts.mart_experiment_results as r
        inner join sim.marts.mart_experiment_arm_metrics as control
            on r.experiment_key = control.experiment_key and control.experiment_variant = 'control'
            and control.metric = r.metric
        inner join sim.marts.mart_experiment_arm_metrics as treatment
            on r.experiment_key = treatment.experiment_key and treatment.experiment_variant = 'treatment'
            and treatment.metric = r.metric
        where r.metric = 'escalation_rate'
        order by r.experiment_key
    """)
    names = [d[0] for d in cursor.description]
    columns = list(zip(*cursor.fetchall(), strict=True))
    data = dict(zip(names, columns, strict=True))
    con.close()
    results = {c: np.array(data[c], dtype=object if c == "test" else float) for c in result_columns}
    arms = {arm: {c: np.array(data[f"{arm}_{c}"], dtype=float) for c in sums} for arm in ("control", "treatment")}
    return Readouts(results, arms)


def naive_wald(arms: dict[str, dict[str, Array]]) -> tuple[Array, Array]:
    """The old contact-level 95% interval (unpooled Wald on contacts as if independent)."""
    c, t = arms["control"], arms["treatment"]
    pc, pt = c["successes"] / c["n"], t["successes"] / t["n"]
    half = Z975 * np.sqrt(pc * (1 - pc) / c["n"] + pt * (1 - pt) / t["n"])
    return pt - pc - half, pt - pc + half


def test_numpy_formulas_equal_the_mart_sql(readouts: Readouts) -> None:
    """On the simulated dataset, the NumPy formulas reproduce the mart's CUPED readout and its p-values."""
    r = readouts.results
    assert len(r["experiment_key"]) == AA_EXPERIMENTS + AB_EXPERIMENTS
    assert set(r["test"]) == {"delta_method_z_cuped"}
    mine = delta_readout(readouts.arms["control"], readouts.arms["treatment"], cuped=True)
    for column, key in (("adjusted_difference", "adjusted_difference"), ("cuped_theta", "cuped_theta"),
                        ("standard_error", "standard_error"), ("variance_reduction", "variance_reduction"),
                        ("difference_lower", "lower"), ("difference_upper", "upper")):
        np.testing.assert_allclose(r[column], mine[key], rtol=1e-9, atol=1e-12, err_msg=column)
    # The mart rounds p to 4 decimals; its normal tail is Abramowitz & Stegun 26.2.17 (error < 7.5e-8).
    np.testing.assert_allclose(r["p_value"], mine["p_value"], atol=5.1e-5)


def coverage_and_rejections(lower: Array, upper: Array, p: Array, truth: float) -> tuple[float, float]:
    """Share of intervals covering `truth`, share of p-values below 0.05."""
    return float(np.mean((lower <= truth) & (truth <= upper))), float(np.mean(p < 0.05))


def three_readouts(readouts: Readouts, rows: slice, truth: float) -> dict[str, tuple[float, float]]:
    """(coverage of `truth`, rejection rate) of the mart (delta + CUPED), the delta method without CUPED
    (NumPy, same formulas) and the naive contact-level test, over experiments `rows`."""
    r = readouts.results
    plain = delta_readout(readouts.arms["control"], readouts.arms["treatment"], cuped=False)
    naive_lower, naive_upper = naive_wald(readouts.arms)
    return {
        "delta method + CUPED (mart)": coverage_and_rejections(
            r["difference_lower"][rows], r["difference_upper"][rows], r["p_value"][rows], truth),
        "delta method, no CUPED": coverage_and_rejections(
            plain["lower"][rows], plain["upper"][rows], plain["p_value"][rows], truth),
        "naive contact-level test": coverage_and_rejections(
            naive_lower[rows], naive_upper[rows], r["naive_p_value"][rows], truth),
    }


def report(title: str, figures: dict[str, tuple[float, float]], rejection: str) -> None:
    print(f"\n{title}")
    for name, (cover, rejected) in figures.items():
        print(f"  {name:<28} coverage {cover:.2%}, {rejection} {rejected:.2%}")


def test_aa_interval_is_calibrated_at_the_customer(readouts: Readouts) -> None:
    """A/A: coverage of 0 in 93.5-96.5% and false positives at 0.05 in 3.5-6.5%, with and without CUPED."""
    aa = slice(0, AA_EXPERIMENTS)
    figures = three_readouts(readouts, aa, 0.0)
    report(f"A/A over {AA_EXPERIMENTS} experiments of {CUSTOMERS_PER_EXPERIMENT} customers (median CUPED variance"
           f" reduction {np.median(readouts.results['variance_reduction'][aa]):.1%}):", figures, "false-positive rate")
    for name in ("delta method + CUPED (mart)", "delta method, no CUPED"):
        cover, fpr = figures[name]
        assert 0.935 <= cover <= 0.965 and 0.035 <= fpr <= 0.065, (name, cover, fpr)
    assert figures["naive contact-level test"][1] > 0.065, figures


def test_ab_interval_covers_the_planted_effect(readouts: Readouts) -> None:
    """A/B: the interval covers the planted effect in 93.5-96.5%; power printed beside the naive test's."""
    figures = three_readouts(readouts, slice(AA_EXPERIMENTS, None), PLANTED_EFFECT)
    report(f"A/B, planted escalation effect +{PLANTED_EFFECT} over {AB_EXPERIMENTS} experiments:", figures, "power")
    for name in ("delta method + CUPED (mart)", "delta method, no CUPED"):
        assert 0.935 <= figures[name][0] <= 0.965, (name, figures[name])
    assert figures["delta method + CUPED (mart)"][1] >= figures["delta method, no CUPED"][1] - 0.01, figures
