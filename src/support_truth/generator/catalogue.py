"""The dbt seeds the simulation follows (intent catalogue, downstream actions, escalation
reasons), read into a Catalogue."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .arrays import Arr
from .params import CLUSTER_PARAMS, DEFAULT_CLUSTER, INTENT_ACTION, INTENT_WEIGHTS


@dataclass(frozen=True)
class Action:
    """One row of seeds/downstream_actions.csv."""

    key: str
    success_event: str
    page_path: str
    window_hours: float
    contrary_event: str


@dataclass(frozen=True)
class Catalogue:
    """The dbt seeds as arrays indexed by intent."""

    intents: tuple[str, ...]
    clusters: tuple[str, ...]
    cluster_of: Arr
    in_scope: Arr
    needs_human: Arr
    high_stakes: Arr
    baseline_minutes: Arr
    weights: Arr
    actions: tuple[Action, ...]
    action_of: Arr
    reasons: tuple[str, ...]
    backend_action: Arr  # seed requires_backend_action (false when the seed has no such column)

    def cluster_params(self, attr: str) -> Arr:
        """Per-cluster value of one ClusterParams field."""
        return np.array([getattr(CLUSTER_PARAMS.get(c, DEFAULT_CLUSTER), attr) for c in self.clusters])


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _truthy(v: str) -> bool:
    return v.strip().lower() in ("true", "1", "t", "yes", "y")


def load_catalogue(seeds_dir: Path) -> Catalogue:
    """Read the intent catalogue, downstream actions and escalation reasons seeds."""
    rows = _read_csv(seeds_dir / "intent_catalogue.csv")
    intents = tuple(r["intent"] for r in rows)
    clusters = tuple(dict.fromkeys(r["intent_cluster"] for r in rows))
    acts = tuple(Action(r["action_key"], r["success_event"], r.get("success_page_path") or "",
                        float(r["window_hours"]), r.get("contrary_event") or "")
                 for r in _read_csv(seeds_dir / "downstream_actions.csv"))
    akeys = [a.key for a in acts]
    reasons = tuple(r["reason_code"] for r in _read_csv(seeds_dir / "escalation_reasons.csv"))
    w = np.array([INTENT_WEIGHTS.get(i, 0.05) for i in intents])
    return Catalogue(
        intents=intents, clusters=clusters,
        cluster_of=np.array([clusters.index(r["intent_cluster"]) for r in rows]),
        in_scope=np.array([_truthy(r["is_ai_in_scope"]) for r in rows]),
        needs_human=np.array([_truthy(r["needs_human"]) for r in rows]),
        high_stakes=np.array([_truthy(r["is_high_stakes"]) for r in rows]),
        baseline_minutes=np.array([float(r["human_baseline_minutes"]) for r in rows]),
        weights=w / w.sum(), actions=acts,
        action_of=np.array([akeys.index(INTENT_ACTION[i]) if INTENT_ACTION.get(i) in akeys else -1
                            for i in intents]),
        reasons=reasons,
        backend_action=np.array([_truthy(r.get("requires_backend_action") or "false") for r in rows]))


