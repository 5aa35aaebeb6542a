"""The generator's run configuration (Config), as parsed from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .params import DAY


@dataclass(frozen=True)
class Config:
    """Command-line options."""

    out: Path
    conversations: int
    days: int
    seed: int
    fmt: str
    bad_row_rate: float
    events_per_conversation: float
    ai_launch_day: int
    start_date: date
    seeds_dir: Path
    plant_incidents: bool = False

    @property
    def start_ts(self) -> int:
        return int(datetime(self.start_date.year, self.start_date.month, self.start_date.day,
                            tzinfo=UTC).timestamp())

    @property
    def end_ts(self) -> int:
        return self.start_ts + self.days * DAY

    @property
    def launch_ts(self) -> int:
        return self.start_ts + self.ai_launch_day * DAY


