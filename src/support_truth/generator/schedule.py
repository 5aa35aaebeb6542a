"""The simulation calendar: launch, release, experiment and regression windows, hour-of-week
volume profile and peak slots."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import Arr
from .config import Config
from .params import DAY, HOUR, P


@dataclass(frozen=True)
class Schedule:
    """Calendar of the simulation: launch, releases, experiment, regression, peak slots."""

    start_ts: int
    end_ts: int
    launch_ts: int
    release_ts: int
    exp_start: int
    exp_end: int
    reg_start: int
    reg_end: int
    # --plant-incidents windows [start, end) of the re-contact, unanswered and downstream action plants;
    # empty (0, 0) without it.
    plant_recontact: tuple[int, int]
    plant_answered: tuple[int, int]
    plant_action: tuple[int, int]
    start_dow: int
    profile: Arr
    peak_slots: Arr

    def hour_of_week(self, ts: Arr) -> Arr:
        """Slot 0..167 (Monday 00:00 UTC = 0)."""
        return (np.floor_divide(ts, DAY) + 3) % 7 * 24 + (ts % DAY) // HOUR


def hour_of_week_profile() -> Arr:
    """Relative contact volume per hour-of-week slot (UTC; weekday business-hour peaks)."""
    h = np.arange(24)
    day = 0.08 + np.exp(-0.5 * ((h - 13.3) / 3.2) ** 2)
    dow = np.array([1.10, 1.06, 1.03, 1.00, 0.93, 0.42, 0.38])
    return (dow[:, None] * day[None, :]).ravel()


def make_schedule(cfg: Config) -> Schedule:
    """Derive the calendar from the CLI options (all dates are whole days)."""
    prof = hour_of_week_profile()
    n_peak = round(P.peak_share * 168)
    peak = np.zeros(168, dtype=bool)
    peak[np.argsort(-prof, kind="stable")[:n_peak]] = True
    launch_day = min(cfg.ai_launch_day, cfg.days)
    post = cfg.days - launch_day

    def day(frac: float) -> int:
        return cfg.start_ts + (launch_day + round(frac * post)) * DAY

    reg_start = max(day(0.80), day(0.65))

    def plant(frac: float) -> tuple[int, int]:
        return (day(frac), min(cfg.end_ts, day(frac) + P.plant_days * DAY)) if cfg.plant_incidents else (0, 0)

    return Schedule(
        start_ts=cfg.start_ts, end_ts=cfg.end_ts, launch_ts=cfg.start_ts + launch_day * DAY,
        release_ts=day(0.20), exp_start=day(0.35), exp_end=day(0.65), reg_start=reg_start,
        reg_end=min(cfg.end_ts, reg_start + P.regression_days * DAY),
        plant_recontact=plant(0.45), plant_answered=plant(0.60), plant_action=plant(0.70),
        start_dow=cfg.start_date.weekday(), profile=prof, peak_slots=peak)


def sample_times(rng: np.random.Generator, n: int, sched: Schedule, growth: float = 0.2) -> Arr:
    """n timestamps over the window following the hour-of-week profile and a mild growth trend."""
    hours = np.arange((sched.end_ts - sched.start_ts) // HOUR, dtype=np.int64)
    ts = sched.start_ts + hours * HOUR
    w = sched.profile[sched.hour_of_week(ts)] * (1.0 + growth * hours / max(len(hours), 1))
    cdf = np.cumsum(w)
    h = np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right")
    return ts[np.minimum(h, len(ts) - 1)] + rng.integers(0, HOUR, n)


