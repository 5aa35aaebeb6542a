"""The benchmark's peak memory of a step is the step's own process, not its parent's (Linux)."""

from __future__ import annotations

import os
import sys

import pytest

from support_truth.benchmark import run_step

MB = 2**20


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_step_peak_is_the_childs_own() -> None:
    # The parent holds 600 MB while the step runs; the child touches 150 MB. On Linux the child's
    # ru_maxrss would include the parent's high-water mark, which exec carries over.
    held = bytearray(600 * MB)
    held[:: 4096] = b"x" * len(held[:: 4096])
    child = "x = bytearray(150 * 2**20); x[::4096] = b'y' * len(x[::4096]); import time; time.sleep(0.3)"
    step, ok = run_step([sys.executable, "-c", child], dict(os.environ))
    assert ok
    assert 150 <= step.peak_mb < 450, step.peak_mb
    del held
