"""The fuzz search (`make fuzz`; marker `fuzz`, not part of `make test`): many random inputs, few builds.

`make test` runs a fixed sample (test_adversarial_input.py: 24 derandomized batches; the invariants
on its builds hold through the dbt tests). This module searches instead, from a new random seed each
run (printed; FUZZ_SEED repeats a run):

1. Staging contract, FUZZ_BATCHES (default 1,040) hypothesis batches over FUZZ_BUILDS (4) builds: each
   build combines its batches, each in its own key namespace (fz<build><nnn>_...), with a small clean
   base, and runs every check of test_adversarial_input.py on it (the build runs every data test; the
   dbt unit tests do not depend on the data and are left to make test) (green build, every bad row
   quarantined with its reason, raw = staged + quarantined + collapsed, staged values, orphans, marts
   changed only by the valid rows) plus the invariants (tests/python/invariants.py) on the build of
   its valid rows. Huge bodies come in one batch of 40 (the sample has one in four).
2. Valid data, FUZZ_DATASETS (2) generated data sets of random seed, size and span, each loaded and
   built twice, all at once with --full-refresh (every data test) and in two arrival batches (the
   second incremental, with the planted edge rows of test_incremental.py): the builds must be green,
   the incremental build equal to the full refresh (every staging, quality, intermediate and mart
   table), and the invariants hold on both.

The figures (batches, raw rows, builds, property checks, rows checked, violations, seconds) go to
FUZZ_SUMMARY (default test-artifacts/fuzz-summary.json), which `make fuzz` prints.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import invariants
import pytest
from conftest import ROOT, build_failures
from test_adversarial_input import (  # noqa: F401  (collected here again, on the fuzz builds)
    Adversarial,
    run_adversarial,
    test_build_with_adversarial_batches_is_green,
    test_every_bad_row_is_quarantined_with_its_reason,
    test_hypothesis_drew_the_batches_and_they_cover_every_fault,
    test_marts_change_only_by_the_valid_rows,
    test_orphans_follow_the_design,
    test_raw_equals_staged_plus_quarantined_plus_collapsed,
    test_staged_rows_are_the_valid_rows_with_the_right_values,
)
from test_incremental import Builds, _table_names, differences, run_incremental

pytestmark = pytest.mark.fuzz

FUZZ_SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(1, 2**31))
FUZZ_BUILDS = int(os.environ.get("FUZZ_BUILDS", "4"))
FUZZ_BATCHES = int(os.environ.get("FUZZ_BATCHES", "1040"))
FUZZ_DATASETS = int(os.environ.get("FUZZ_DATASETS", "2"))
FUZZ_SUMMARY = Path(os.environ.get("FUZZ_SUMMARY", str(ROOT / "test-artifacts" / "fuzz-summary.json")))
HUGE_ODDS = 40

SUMMARY: dict[str, Any] = {"seed": FUZZ_SEED, "adversarial_builds": [], "valid_datasets": [], "properties": {}}


def record(results: list[invariants.Result], where: str) -> list[str]:
    """Add the property results to the summary; the violations, described."""
    props = SUMMARY["properties"]
    for r in results:
        entry = props.setdefault(r.name, {"checks": 0, "rows": 0, "violations": 0})
        entry["checks"] += 1
        entry["rows"] += r.rows
        entry["violations"] += r.violations
    return [f"{where}: {r.name}: {r.violations} of {r.rows} rows, e.g. {r.examples[:1]}"
            for r in results if r.violations]


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    start = time.monotonic()
    yield
    props = SUMMARY["properties"]
    SUMMARY.update(
        seconds=round(time.monotonic() - start),
        batches=sum(b["batches"] for b in SUMMARY["adversarial_builds"]),
        batch_rows=sum(b["rows"] for b in SUMMARY["adversarial_builds"]),
        property_checks=sum(p["checks"] for p in props.values()),
        property_rows_checked=sum(p["rows"] for p in props.values()),
        violations=sum(p["violations"] for p in props.values()),
        distinct_properties=len(props),
    )
    FUZZ_SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    FUZZ_SUMMARY.write_text(json.dumps(SUMMARY, indent=2, default=str))


@pytest.fixture(scope="module", params=range(FUZZ_BUILDS), ids=lambda i: f"build{i}")
def adversarial(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Adversarial]:
    i = request.param
    n = FUZZ_BATCHES // FUZZ_BUILDS + (1 if i < FUZZ_BATCHES % FUZZ_BUILDS else 0)
    work = tmp_path_factory.mktemp(f"fuzz_adversarial{i}")
    adv = run_adversarial(work, n, prefix=f"fz{i}", seed=FUZZ_SEED + i, huge_odds=HUGE_ODDS, unit_tests=False)
    SUMMARY["adversarial_builds"].append({"build": i, "hypothesis_seed": FUZZ_SEED + i, "batches": n,
                                          "rows": len(adv.rows), "seconds": {k: round(v) for k, v in adv.seconds.items()}})
    yield adv
    shutil.rmtree(work, ignore_errors=True)


def test_invariants_hold_on_the_valid_rows(adversarial: Adversarial) -> None:
    found = record(invariants.check(adversarial.db_valid), f"{adversarial.prefix} valid rows")
    assert not found, "\n".join(found)


def dataset_args(i: int) -> tuple[str, ...]:
    """Generator arguments of valid data set i: a random seed, size and span (enough days for the
    incremental scenario: a conversation 12 days before the cutoff at three quarters of the span)."""
    rng = random.Random(FUZZ_SEED * 1000 + i)
    return ("--conversations", str(rng.randrange(500, 1600)), "--days", str(rng.randrange(30, 46)),
            "--seed", str(rng.randrange(1, 2**31)))


@pytest.fixture(scope="module", params=range(FUZZ_DATASETS), ids=lambda i: f"data{i}")
def valid(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    work = tmp_path_factory.mktemp(f"fuzz_valid{request.param}")
    args = dataset_args(request.param)
    start = time.monotonic()
    builds = run_incremental(work, args, again=False)
    SUMMARY["valid_datasets"].append({"generator": " ".join(args), "held_back_rows": sum(builds.held.values()),
                                      "seconds": round(time.monotonic() - start)})
    yield builds
    shutil.rmtree(work, ignore_errors=True)


def test_valid_builds_are_green(valid: Builds) -> None:
    for name, result in valid.results.items():
        assert result.success, f"{name}: {build_failures(result)[:10]}"


def test_incremental_equals_full_refresh(valid: Builds) -> None:
    diffs = differences(valid.full_db, valid.incr_db, valid.work / "full" / "target" / "manifest.json")
    record([invariants.Result("incremental equals full refresh (tables compared)", len(_table_names(valid.full_db)),
                              len(diffs), diffs[:3])], "incremental")
    assert not diffs, "\n".join(diffs)


def test_invariants_hold_on_valid_data(valid: Builds) -> None:
    found = record(invariants.check(valid.full_db), "full refresh") + record(
        invariants.check(valid.incr_db), "incremental")
    assert not found, "\n".join(found)
