"""truth.json: planted parameters and the expected rates of the realised population."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime

import numpy as np

from ..paths import ROOT
from .arrays import Arr, Frame, nrows
from .catalogue import Catalogue
from .config import Config
from .contacts import reason_matrix
from .layout import T_ESCALATION, World
from .ledger import Ledger
from .params import (
    ACTION_FOLLOW_THROUGH,
    CES_DIST,
    CLUSTER_PARAMS,
    CSAT_DIST,
    DAY,
    DEFAULT_CLUSTER,
    E_HANDOFF,
    E_POLICY,
    E_TOOL,
    EXPERIMENT_KEY,
    HOUR,
    MODEL_PRICES,
    MODELS,
    NPS_DIST,
    O_CONFIRMED,
    O_ESCALATED,
    O_NEGATIVE,
    O_SILENT,
    O_UNANSWERED,
    POLICIES,
    S_HUMAN,
    STREAMS,
    TOOL_CALL_COST_USD,
    TOOLS,
    P,
)
from .schedule import Schedule


# --------------------------------------------------------------------------- truth
def rate(p: Arr, realised: Arr | None = None) -> dict[str, float | int]:
    """Expected rate (mean of the per-row probabilities used), its sd, and the realised share."""
    p = np.asarray(p, dtype=float)
    n = int(p.size)
    out: dict[str, float | int] = {"n": n}
    if n:
        out["expected"] = round(float(p.mean()), 6)
        out["sd"] = round(float(math.sqrt(float((p * (1 - p)).sum())) / n), 6)
        if realised is not None:
            out["realised"] = round(float(np.mean(realised)), 6)
    return out


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")


def realised_flags(w: World) -> tuple[Arr, Arr, Arr]:
    """Per contact, from the rows actually written: AI answered, escalated, has a human message."""
    n = nrows(w.c)
    m, e = w.msg, w.evt
    answered = np.zeros(n, bool)
    answered[m["ci"][m["answer"]]] = True
    human = np.zeros(n, bool)
    human[m["ci"][m["sender"] == S_HUMAN]] = True
    esc = human.copy()
    esc[e["ci"][e["etype"] == E_HANDOFF]] = True
    pub = (w.cmt["author"] == 1) & w.cmt["public"]
    tk = w.cmt["ti"][pub]
    linked = w.tkt["tkind"][tk] == T_ESCALATION
    esc[w.tkt["ci"][tk[linked]]] = True
    return answered, esc, human


def window_hits(key: Arr, t: Arr, q_key: Arr, q_lo: Arr, q_hi: Arr) -> Arr:
    """For each query: is there a row with the same key and t in (q_lo, q_hi]?"""
    if key.size == 0:
        return np.zeros(q_key.size, bool)
    base = np.int64(2**33)
    comb = np.sort(key.astype(np.int64) * base + (t - t.min() + 1))
    lo = q_key.astype(np.int64) * base + np.clip(q_lo - t.min() + 1, -1, base - 1)
    hi = q_key.astype(np.int64) * base + np.clip(q_hi - t.min() + 1, -1, base - 1)
    return np.searchsorted(comb, hi, side="right") > np.searchsorted(comb, lo, side="right")


def by_cluster(cat: Catalogue, cl: Arr, fn: Callable[[Arr], dict]) -> dict[str, dict]:
    return {name: fn(cl == k) for k, name in enumerate(cat.clusters)}


def truth_ladder(w: World, cat: Catalogue) -> dict:
    c = w.c
    answered, esc, _human = realised_flags(w)
    pop = c["ai"] & ~c["test"]
    cl = cat.cluster_of[c["intent"]]
    cls_ok = pop & c["classified"]

    def one(mask: Arr) -> dict:
        return {"n": int(mask.sum()), "ai_answered": rate(c["p_answered"][mask], answered[mask]),
                "escalated": rate(c["p_escalated"][mask], esc[mask]),
                "outcome_mix": {o: int(((c["outcome"] == k) & mask).sum()) for k, o in
                                ((O_CONFIRMED, "confirmed"), (O_NEGATIVE, "negative"), (O_SILENT, "silent"),
                                 (O_UNANSWERED, "unanswered"), (O_ESCALATED, "escalated"))}}

    hidden = pop & ((c["answered"] & ~answered) | (c["escalated"] & ~esc))
    return {
        "population": "non-test conversations with first_handler=ai_agent (all post-launch), grouped by the "
                      "seed intent_cluster of the true intent; 'realised' = share visible in the written rows "
                      "(ai_answered: an AI message that is neither greeting nor fallback; escalated: handoff "
                      "event, human_agent message, or a linked ticket with a public human comment)",
        "by_cluster": by_cluster(cat, cl, lambda m: one(pop & m)),
        "by_cluster_classified_only": by_cluster(cat, cl, lambda m: one(cls_ok & m)),
        "unclassified": one(pop & ~c["classified"]),
        "overall": one(pop),
        "flags_hidden_by_extraction_cut": int(hidden.sum()),
        "missed_escalation_customer_asked": int((pop & c["missed_req"]).sum()),
        "note_classified_only": "the models can attribute an AI conversation to an intent only through its "
                                "intent_classified event (3% have none); intent_classified.intent is always "
                                "the true intent",
    }


def truth_context(w: World, cat: Catalogue) -> dict:
    c = w.c
    _, _esc, human = realised_flags(w)
    pop = c["ai"] & ~c["test"] & c["escalated"] & human
    cl = cat.cluster_of[c["intent"]]
    return {
        "population": "non-test AI-first escalated conversations with at least one human_agent message",
        "definition": "the human's first message asks for an order number / email / phone the customer gave "
                      "in the opening message (human_asks_known_info_regex); in half of them the customer "
                      "then says so (customer_already_said_regex). p = 0.17 if the handoff had a summary, "
                      "else 0.60",
        "overall": rate(c["p_context_lost"][pop], c["context_lost"][pop]),
        "by_cluster": by_cluster(cat, cl, lambda m: rate(c["p_context_lost"][pop & m], c["context_lost"][pop & m])),
        "already_said_realised": int((pop & c["already"]).sum()),
    }


def contact_end(c: Frame) -> Arr:
    return np.where(c["kind"] == 0, c["ended"], c["end"])


def truth_recontact(w: World, cat: Catalogue, churn_ts_contact: Arr, sched: Schedule) -> dict:
    c = w.c
    win = 72 * HOUR
    end = contact_end(c)
    cl = cat.cluster_of[c["intent"]]
    eligible = ~c["test"] & (c["cust"] >= 0) & (end > 0) & (end + win <= np.minimum(sched.end_ts, churn_ts_contact))
    f72 = 1 - math.exp(-72 / P.recontact_mean_hours)
    p72 = c["p_recontact"] * f72
    child = np.zeros(nrows(c), bool)
    kids = np.flatnonzero(c["parent"] >= 0)
    in_win = c["start"][kids] <= c["end"][c["parent"][kids]] + win
    child[c["parent"][kids[in_win]]] = True
    contacts = ~c["test"] & (c["cust"] >= 0)
    key = c["cust"] * len(cat.clusters) + cl
    hit = window_hits(key[contacts], c["start"][contacts], key, end, end + win)
    contained = c["ai"] & np.isin(c["outcome"], (O_CONFIRMED, O_SILENT))
    human_res = ~c["ai"] & c["resolved"]

    def block(mask: Arr) -> dict:
        return {"all": rate(p72[mask], hit[mask]), "ai_contained": rate(p72[mask & contained], hit[mask & contained]),
                "human_resolved": rate(p72[mask & human_res], hit[mask & human_res]),
                "planted_child_within_72h": int((mask & child).sum())}

    return {
        "population": "non-test contacts (conversations and direct tickets) of identified customers whose end "
                      "(conversation ended_at; direct ticket final solve, else last activity) + 72h is before "
                      "the extraction time and before their account's churn date",
        "definition": "expected = p_recontact x P(delay <= 72h); a re-contact is a new contact of the same "
                      "customer with the same intent (so same cluster) starting exp(mean 30h) after the end; "
                      "'realised' = any non-test contact of the same customer and cluster starting in "
                      "(end, end + 72h] (includes coincidental contacts); 'ai_contained' = AI-first, not "
                      "escalated, outcome confirmed or silent; 'human_resolved' = human-handled and solved",
        "planted": {"p_resolved": P.recontact_p_resolved, "p_unresolved": P.recontact_p_unresolved,
                    "cluster_shift_unresolved": {k: CLUSTER_PARAMS.get(k, DEFAULT_CLUSTER).recontact_shift
                                                 for k in cat.clusters},
                    "cluster_shift_resolved": "half of cluster_shift_unresolved",
                    "mean_delay_hours": P.recontact_mean_hours, "p_delay_within_72h": round(f72, 6)},
        "overall": block(eligible),
        "by_cluster": by_cluster(cat, cl, lambda m: block(eligible & m)),
    }


def truth_downstream(w: World, cat: Catalogue, instr: Frame, dev: Frame) -> dict:
    c = w.c
    mature = instr["mature"]
    good = dev["kind"] == 0
    n_act = len(cat.actions)
    taken = window_hits(dev["cust"][good] * n_act + dev["act"][good], dev["t"][good],
                        c["cust"][instr["ci"]] * n_act + instr["act"], instr["t"], instr["t"] + instr["win"])
    con = dev["kind"] == 2
    contrary = window_hits(dev["cust"][con] * n_act + dev["act"][con], dev["t"][con],
                           c["cust"][instr["ci"]] * n_act + instr["act"], instr["t"], instr["t"] + instr["win"])
    out: dict[str, dict] = {}
    for k, a in enumerate(cat.actions):
        m = mature & (instr["act"] == k)
        entry = {"follow_through": rate(instr["p"][m], taken[m]),
                 "planted_p_resolved": ACTION_FOLLOW_THROUGH.get(a.key, 0.6),
                 "planted_p_unresolved": round(ACTION_FOLLOW_THROUGH.get(a.key, 0.6)
                                               * P.follow_through_unresolved_factor, 6),
                 "window_hours": a.window_hours}
        if a.contrary_event:
            entry["contrary"] = rate(np.full(int(m.sum()), P.contrary_p), contrary[m])
            entry["contrary_event"] = a.contrary_event
        out[a.key] = entry
    return {
        "population": "instruction_given events of non-test conversations of identified customers whose "
                      "instruction time + action window is before the extraction time",
        "definition": "taken = the same customer fires the seed success_event (with the seed page_path when "
                      "set) in (instruction, instruction + window]; per-row p = planted follow-through x "
                      f"({P.follow_through_unresolved_factor} if the conversation was not really resolved); "
                      f"decoys: {P.late_success_share} of non-takers act after the window, "
                      f"{P.early_success_share} before the instruction, {P.wrong_page_share} on a wrong page",
        "by_action": out,
        "instruction_share_of_answered_mapped": P.instruction_share,
    }


def truth_csat(w: World, sv: Frame) -> dict:
    csat = sv["stype"] == 0
    out: dict[str, dict] = {}
    for k, name in enumerate(STREAMS):
        m = csat & (sv["stream"] == k)
        n = int(m.sum())
        out[name] = {"n": n, "expected_mean": round(float(sv["exp_mean"][m].mean()), 6) if n else None,
                     "sd": round(math.sqrt(float(sv["exp_var"][m].sum())) / n, 6) if n else None,
                     "realised_mean": round(float(sv["score"][m].mean()), 6) if n else None}
    gap = None
    if out["ai_only"]["n"] and out["human_only"]["n"]:
        gap = {"expected": round(out["ai_only"]["expected_mean"] - out["human_only"]["expected_mean"], 6),
               "sd": round(math.hypot(out["ai_only"]["sd"], out["human_only"]["sd"]), 6),
               "realised": round(out["ai_only"]["realised_mean"] - out["human_only"]["realised_mean"], 6)}
    return {
        "population": "csat survey_responses of non-test contacts; streams: ai_only = AI-first not escalated, "
                      "post_handoff = AI-first escalated, human_only = human-first conversations and direct "
                      "tickets",
        "distributions": {f"{s}/{'resolved' if r else 'unresolved'}": list(v) for (s, r), v in CSAT_DIST.items()},
        "streams": out, "gap_ai_only_minus_human_only": gap,
        "response_shares": {"csat": P.csat_share, "ces": P.ces_share, "nps": P.nps_share},
        "ces_distribution": {"resolved": list(CES_DIST[True]), "unresolved": list(CES_DIST[False])},
        "nps_distribution": {"resolved": list(NPS_DIST[True]), "unresolved": list(NPS_DIST[False])},
    }


def truth_experiment(w: World, sched: Schedule) -> dict:
    c = w.c
    answered, esc, _ = realised_flags(w)
    pop = c["ai"] & ~c["test"] & (c["variant"] >= 0)
    arms = {}
    for k, name in enumerate(("control", "treatment")):
        m = pop & (c["variant"] == k)
        arms[name] = {"n": int(m.sum()), "n_customers": int(np.unique(c["cust"][m]).size),
                      "escalated": rate(c["p_escalated"][m], esc[m]),
                      "ai_answered": rate(c["p_answered"][m], answered[m])}
    eff = None
    if arms["control"]["n"] and arms["treatment"]["n"]:
        eff = {"escalated_expected_diff": round(arms["treatment"]["escalated"]["expected"]
                                                - arms["control"]["escalated"]["expected"], 6),
               "ai_answered_expected_diff": round(arms["treatment"]["ai_answered"]["expected"]
                                                  - arms["control"]["ai_answered"]["expected"], 6)}
    return {
        "experiment_key": EXPERIMENT_KEY, "start": iso(sched.exp_start), "end_exclusive": iso(sched.exp_end),
        "population": "non-test AI-first conversations of identified customers started in the experiment "
                      "window (they carry experiment_key/variant)",
        "assignment": "by customer: treatment iff bit 11 of splitmix64(customer number XOR 0x5EEDAB01) is 1, "
                      "customer number = the digits of customer_id; treatment runs agent_version v2.0-beta",
        "planted": {"escalation_delta": -P.ab_escalation_delta, "ai_answered_delta": P.ab_answered_delta,
                    "confirmed_share_delta": P.ab_confirmed_delta},
        "arms": arms, "expected_effect": eff,
    }


def truth_regression(w: World, sched: Schedule) -> dict:
    c = w.c
    _, esc, _ = realised_flags(w)
    base = c["ai"] & ~c["test"]
    days = [iso(t)[:10] for t in range(sched.reg_start, sched.reg_end, DAY)]
    in_reg = base & c["reg"]
    other = base & ~c["reg"] & (c["variant"] != 1)
    return {"agent_version": "v1.2", "dates": days, "uplift": P.regression_escalation_uplift,
            "population": "non-test AI-first conversations started on the listed dates (agent_version v1.2) vs "
                          "all other non-test AI-first conversations outside the experiment treatment arm",
            "escalated_regression_days": rate(c["p_escalated"][in_reg], esc[in_reg]),
            "escalated_other_days": rate(c["p_escalated"][other], esc[other])}


def truth_incidents(sched: Schedule) -> list[dict]:
    """Planted monitoring incidents at scope all: the primary metric each moves, the others it moves as a
    consequence, its days and size. The v1.2 regression always; the re-contact and unanswered plants with
    --plant-incidents."""
    def days(start: int, end: int) -> list[str]:
        return [iso(t)[:10] for t in range(start, end, DAY)]

    out = [{"name": "release_v1_2_escalation", "metric": "escalation_rate", "direction": "above",
            "dates": days(sched.reg_start, sched.reg_end), "effect": P.regression_escalation_uplift,
            "also_moves": ["containment_rate", "abandonment_rate", "true_resolution_rate", "fcr_rate",
                           "recontact_rate", "variable_cost_per_resolution_usd", "resolution_seconds_mean"]}]
    if sched.plant_recontact[1] > sched.plant_recontact[0]:
        out.append({"name": "recontact_uplift", "metric": "recontact_rate", "direction": "above",
                    "dates": days(*sched.plant_recontact), "effect": P.plant_recontact_uplift,
                    "also_moves": ["fcr_rate", "true_resolution_rate", "contacts"],
                    "population": "identified contacts started on the dates: re-contact probability + effect"})
    if sched.plant_answered[1] > sched.plant_answered[0]:
        out.append({"name": "unanswered_uplift", "metric": "containment_rate", "direction": "below",
                    "dates": days(*sched.plant_answered), "effect": -P.plant_answered_drop,
                    "also_moves": ["abandonment_rate", "escalation_rate", "true_resolution_rate", "fcr_rate",
                                   "recontact_rate", "variable_cost_per_resolution_usd", "resolution_seconds_mean",
                                   "contacts"],
                    "population": "AI-first conversations started on the dates: answered probability + effect"})
    if sched.plant_action[1] > sched.plant_action[0]:
        out.append({"name": "downstream_action_drop", "metric": "downstream_action_rate", "direction": "below",
                    "dates": days(*sched.plant_action), "effect": P.plant_action_factor - 1.0,
                    "also_moves": [],
                    "population": "instructions of contacts started on the dates: follow-through probability x "
                                  "(1 + effect)"})
    return out


def truth_peak(w: World, sched: Schedule) -> dict:
    c = w.c
    answered, esc, _ = realised_flags(w)
    base = c["ai"] & ~c["test"]
    slots = [{"dow": int(s // 24), "hour": int(s % 24)} for s in np.flatnonzero(sched.peak_slots)]
    return {"slots": slots, "slot_convention": "dow 0 = Monday, hour in UTC, by started_at",
            "escalation_uplift": P.peak_escalation_uplift, "ai_answered_drop": P.peak_answered_drop,
            "population": "non-test AI-first conversations started in a peak slot vs not",
            "peak": {"escalated": rate(c["p_escalated"][base & c["peak"]], esc[base & c["peak"]]),
                     "ai_answered": rate(c["p_answered"][base & c["peak"]], answered[base & c["peak"]])},
            "off_peak": {"escalated": rate(c["p_escalated"][base & ~c["peak"]], esc[base & ~c["peak"]]),
                         "ai_answered": rate(c["p_answered"][base & ~c["peak"]], answered[base & ~c["peak"]])},
            "note": "the planted slots are the top 20% of the hour-of-week volume profile; the realised top "
                    "20% by volume may differ at the margin"}


def truth_churn(subs: Frame) -> dict:
    closed = subs["outcome"] >= 0
    churned = subs["outcome"] == 3
    bad = subs["bad"]
    return {"base": P.churn_base, "uplift": P.churn_uplift,
            "definition": "per closed account term (period_end <= end of data): p(churn) = base + uplift if the "
                          "term had a bad experience: a contact of a customer of the account, started inside "
                          "the term, on a high-stakes intent (seed is_high_stakes) that was not really resolved "
                          "(AI not resolved, escalation/ticket never solved, abandoned) or that was re-contacted "
                          "(generator's latent draws). Customers of a churned account stop contacting at "
                          "period_end; the account has no later terms",
            "population": "subscriptions rows with a renewal_outcome",
            "bad_terms": rate(subs["p_churn"][closed & bad], churned[closed & bad]),
            "good_terms": rate(subs["p_churn"][closed & ~bad], churned[closed & ~bad]),
            "other_outcomes": "not churned: renewed 68%, expanded 20% (mrr x U(1.1,1.5)), contracted 12% "
                              "(x U(0.6,0.9))"}


def truth_cost(w: World) -> dict:
    c, e = w.c, w.evt
    pop = c["ai"] & ~c["test"]
    cost = np.bincount(e["ci"], weights=np.nan_to_num(e["cost"]), minlength=nrows(c))
    return {"population": "non-test AI-first conversations; sum of agent_events.cost_usd (llm_call, tool_call, "
                          "resolution_check) per conversation",
            "mean_event_cost_usd": round(float(cost[pop].mean()), 6) if pop.any() else None,
            "model_prices_usd_per_token": {m: {"input": p[0], "output": p[1]} for m, p in zip(MODELS, MODEL_PRICES)},
            "tool_call_cost_usd": TOOL_CALL_COST_USD, "resolution_check_cost_usd": 0.002}


def truth_quality_events(w: World) -> dict:
    e = w.evt
    out: dict[str, dict] = {"tools": {}, "policies": {}}
    for k, (tool, (fail, _)) in enumerate(TOOLS.items()):
        m = (e["etype"] == E_TOOL) & (e["a1"] == k)
        out["tools"][tool] = {"planted_failure_rate": fail, "calls": int(m.sum()),
                              "failures": int((m & (e["a2"] == 0)).sum())}
    for k, (pol, (fail, sev, _)) in enumerate(POLICIES.items()):
        m = (e["etype"] == E_POLICY) & (e["a1"] == k)
        out["policies"][pol] = {"planted_failure_rate": fail, "severity": sev, "checks": int(m.sum()),
                                "failures": int((m & (e["a2"] == 0)).sum())}
    out["note"] = ("tool_call/policy_check rows only for ai-answered conversations; a handoff with reason "
                   "tool_failure always has a failed tool_call just before it (counted above)")
    return out


def build_truth(cfg: Config, cat: Catalogue, sched: Schedule, w: World, subs: Frame, sv: Frame, instr: Frame,
                dev: Frame, churn_ts_contact: Arr, ledger: Ledger, sizing: dict) -> dict:
    c = w.c
    conv = c["kind"] == 0
    ladder = truth_ladder(w, cat)
    planted = {
        "parameters": {k: v for k, v in asdict(P).items()},
        "cluster_parameters": {k: asdict(CLUSTER_PARAMS.get(k, DEFAULT_CLUSTER)) for k in cat.clusters},
        "intent_weights": dict(zip(cat.intents, np.round(cat.weights, 6).tolist())),
        "escalation_reason_weights": {i: dict(zip(cat.reasons, np.round(row, 4).tolist()))
                                      for i, row in zip(cat.intents, reason_matrix(cat))},
        "calendar": {"ai_launch": iso(sched.launch_ts), "release_v1_1": iso(sched.release_ts),
                     "experiment": [iso(sched.exp_start), iso(sched.exp_end)],
                     "regression_v1_2": [iso(sched.reg_start), iso(sched.reg_end)],
                     "versions": "v1.0 from launch, v1.1 from release, v1.2 in the regression window, v1.2.1 "
                                 "after it, v2.0-beta for the experiment treatment arm; human-first: null"},
        "volumes": {"conversations": int(conv.sum()), "direct_tickets": int((~conv).sum()),
                    "ai_first_conversations": int(c["ai"].sum()), "test_conversations": int(c["test"].sum()),
                    "anonymous_contacts": int((c["cust"] < 0).sum()),
                    "open_conversations": int(c["open"].sum()),
                    "recontacts_by_generation": {str(g): int((c["gen"] == g).sum()) for g in range(1, 4)},
                    "sizing": sizing},
        "clusters": ladder["by_cluster"],
        "clusters_population": ladder["population"],
        "clusters_classified_only": ladder["by_cluster_classified_only"],
        "ai_ladder": ladder,
        "context_lost": truth_context(w, cat),
        "recontact": truth_recontact(w, cat, churn_ts_contact, sched),
        "downstream_action": truth_downstream(w, cat, instr, dev),
        "csat": truth_csat(w, sv),
        "ab_test": truth_experiment(w, sched),
        "regression": truth_regression(w, sched),
        "incidents": truth_incidents(sched),
        "peak": truth_peak(w, sched),
        "churn": truth_churn(subs),
        "ai_cost": truth_cost(w),
        "tools_and_policies": truth_quality_events(w),
    }
    gen = {"conversations": cfg.conversations, "days": cfg.days, "seed": cfg.seed, "format": cfg.fmt,
           "bad_row_rate": cfg.bad_row_rate, "events_per_conversation": cfg.events_per_conversation,
           "ai_launch_day": cfg.ai_launch_day, "start_date": cfg.start_date.isoformat(),
           "seeds_dir": "default" if cfg.seeds_dir == ROOT / "seeds" else str(cfg.seeds_dir),
           "out": "(not recorded, so runs into different folders are byte-identical)"}
    return {
        "generator": gen, "start_date": cfg.start_date.isoformat(), "end_ts": iso(cfg.end_ts),
        "ai_launch_date": iso(sched.launch_ts)[:10],
        "raw_rows": dict(sorted(ledger.raw_rows.items())),
        "bad_rows": {k: dict(sorted(v.items())) for k, v in sorted(ledger.bad.items())},
        "collapsed_duplicates": {k: dict(sorted(v.items())) for k, v in sorted(ledger.dups.items())},
        "timezone_offsets": {"count": ledger.tz_rows, "share": P.timezone_offset_share,
                             "by_table": dict(sorted(ledger.tz_by_table.items())),
                             "note": "valid rows whose timestamp columns (not _loaded_at) are written with an "
                                     "offset or Z, as the same UTC instant",
                             "samples": ledger.tz_samples},
        "planted": planted,
    }


