"""The simulation over generations of contacts: re-contacts, churn per account term,
subscriptions, surveys and downstream product events."""

from __future__ import annotations

import math

import numpy as np

from .arrays import Arr, Frame, categorical, concat, nrows, stream, take
from .catalogue import Catalogue
from .config import Config
from .contacts import draw_latent, primary_contacts, route, term_starts
from .layout import World, cut_at_extraction, keep_contacts, lay_out, merge, sort_world
from .params import ACTION_FOLLOW_THROUGH, CES_DIST, CSAT_DIST, DAY, E_INSTR, HOUR, NPS_DIST, STREAMS, P
from .schedule import Schedule
from .texts import TemplateBank


# --------------------------------------------------------------------------- simulation
def children(c: Frame, offset: int, gen: int, sched: Schedule, rng: np.random.Generator) -> Frame:
    """Re-contacts of the contacts in c: same customer and intent, exp(mean 30h) after the end."""
    src = np.flatnonzero(c["recontact"] & (c["end"] > 0))
    delay = np.maximum(600, rng.exponential(P.recontact_mean_hours * HOUR, src.size)).astype(np.int64)
    start = c["end"][src] + delay
    ok = start < sched.end_ts
    src, start = src[ok], start[ok]
    n = src.size
    return {"kind": (rng.random(n) < P.direct_ticket_share).astype(np.int8), "cust": c["cust"][src],
            "intent": c["intent"][src], "start": start, "gen": np.full(n, gen, np.int8),
            "parent": offset + src, "test": np.zeros(n, bool)}


def churn_loss_estimate(acc: Frame, cus: Frame, cand: Frame, cat: Catalogue, cfg: Config,
                        n_contacts: float) -> float:
    """Expected share of contact volume lost because accounts churn (to keep conversations ~ N)."""
    terms = term_starts(acc, cfg)
    s_day, t_day = cfg.start_ts // DAY, cfg.end_ts // DAY
    ok = (cand["cust"] >= 0) & ~cand["test"]
    bad = cat.high_stakes[cand["intent"]] & (~cand["resolved"] | cand["recontact"])
    b = float(bad[ok].mean()) if ok.any() else 0.0
    share = np.bincount(cus["acc"], weights=cus["activity"], minlength=nrows(acc))
    share = share / share.sum()
    per_day = n_contacts / cfg.days * share[:, None]
    start, end = terms[:, :-1], terms[:, 1:]
    span = np.clip(np.minimum(end, t_day) - np.maximum(start, s_day), 0, None)
    q = np.where(end <= t_day, P.churn_base + P.churn_uplift * (1 - np.exp(-per_day * span * b)), 0.0)
    alive = np.cumprod(np.c_[np.ones(len(q)), 1 - q[:, :-1]], axis=1)
    lost = np.clip(t_day - end, 0, None) / cfg.days
    return float((share * (alive * q * lost).sum(axis=1)).sum())


def simulate(cfg: Config, cat: Catalogue, bank: TemplateBank, sched: Schedule, acc: Frame,
             cus: Frame) -> tuple[World, Frame, dict[str, float]]:
    """All contacts over all generations, churn applied, sorted and cut at extraction time."""
    rng = stream(cfg.seed, "contacts", 0)
    conv_share = 1 - P.direct_ticket_share
    n_cand = math.ceil(1.4 * cfg.conversations / conv_share) + 10
    cand = primary_contacts(rng, n_cand, sched, cat, cus)
    route(cand, sched, rng)
    draw_latent(cand, cat, rng)
    r = float(cand["p_recontact"].mean())
    desc = sum(r**k for k in range(1, P.recontact_max_generations + 1))
    loss = churn_loss_estimate(acc, cus, cand, cat, cfg, cfg.conversations / conv_share * (1 + desc))
    k = min(n_cand, max(1, round(cfg.conversations / conv_share / (1 + desc) / (1 - loss))))
    worlds = [lay_out(take(cand, np.arange(k)), cat, bank, rng)]
    offset = 0
    for gen in range(1, P.recontact_max_generations + 1):
        kid = children(worlds[-1].c, offset, gen, sched, stream(cfg.seed, "recontact", gen))
        offset += nrows(worlds[-1].c)
        if nrows(kid) == 0:
            break
        g_rng = stream(cfg.seed, "contacts", gen)
        route(kid, sched, g_rng)
        draw_latent(kid, cat, g_rng)
        worlds.append(lay_out(kid, cat, bank, g_rng))
    w = merge(worlds)
    w, subs = apply_churn(w, acc, cus, cat, cfg, stream(cfg.seed, "churn"))
    w = cut_at_extraction(sort_world(w), sched)
    sizing = {"primary_candidates": n_cand, "primary_kept": k, "mean_recontact_p": round(r, 4),
              "churn_loss_estimate": round(loss, 4)}
    return w, subs, sizing


def apply_churn(w: World, acc: Frame, cus: Frame, cat: Catalogue, cfg: Config,
                rng: np.random.Generator) -> tuple[World, Frame]:
    """Draw churn per closed account term from its bad experiences; drop post-churn contacts."""
    c = w.c
    terms = term_starts(acc, cfg)
    n_acc, k_max = terms.shape
    t_day = cfg.end_ts // DAY
    ident = c["cust"] >= 0
    acc_of = np.where(ident, cus["acc"][np.maximum(c["cust"], 0)], -1)
    day = c["start"] // DAY
    k_of = (terms[np.maximum(acc_of, 0)] <= day[:, None]).sum(axis=1) - 1
    c["term"] = np.where(ident, k_of, -1)
    bad = ident & ~c["test"] & cat.high_stakes[c["intent"]] & (~c["resolved"] | c["recontact"])
    c["bad_experience"] = bad
    bad_n = np.zeros((n_acc, k_max), np.int64)
    np.add.at(bad_n, (acc_of[bad], k_of[bad]), 1)
    p_end = terms[:, 1:]
    closed = p_end <= t_day
    p_churn = P.churn_base + P.churn_uplift * (bad_n[:, :-1] > 0)
    draw = closed & (rng.random(closed.shape) < p_churn)
    first = np.where(draw.any(axis=1), draw.argmax(axis=1), k_max)
    keep = ~ident | (k_of <= first[np.maximum(acc_of, 0)])
    w = keep_contacts(w, keep)
    subs = subscriptions(acc, terms, first, bad_n, p_churn, cfg, rng)
    return w, subs


def subscriptions(acc: Frame, terms: Arr, first_churn: Arr, bad_n: Arr, p_churn: Arr, cfg: Config,
                  rng: np.random.Generator) -> Frame:
    """Back-to-back quarterly terms per account up to the end of data (or churn)."""
    n_acc, k_max = terms.shape
    t_day = cfg.end_ts // DAY
    mrr = acc["mrr"].copy()
    rows: list[Frame] = []
    for k in range(k_max - 1):
        live = (terms[:, k] < t_day) & (k <= first_churn)
        closed = live & (terms[:, k + 1] <= t_day)
        churned = closed & (first_churn == k)
        u = rng.random(n_acc)
        outcome = np.select([churned, ~closed, u < 0.68, u < 0.88], [3, -1, 0, 1], 2)
        factor = np.select([outcome == 1, outcome == 2, outcome == 3],
                           [rng.uniform(1.1, 1.5, n_acc), rng.uniform(0.6, 0.9, n_acc), 0.0], 1.0)
        nxt = np.round(mrr * factor, 2)
        idx = np.flatnonzero(live)
        rows.append({"acc": idx, "k": np.full(idx.size, k), "start": terms[idx, k], "end": terms[idx, k + 1],
                     "mrr": mrr[idx], "outcome": outcome[idx], "next": nxt[idx],
                     "bad": bad_n[idx, k] > 0, "p_churn": p_churn[idx, k]})
        mrr = np.where(closed, nxt, mrr)
    subs = concat(rows)
    order = np.lexsort((subs["k"], subs["acc"]))
    return take(subs, order)


# --------------------------------------------------------------------------- surveys & product events
def surveys(w: World, sched: Schedule, rng: np.random.Generator) -> Frame:
    """CSAT / CES / NPS answers after ended, non-test contacts."""
    c = w.c
    end = np.where(c["kind"] == 0, c["ended"], c["end"])
    ok = ~c["test"] & (end > 0)
    stream_of = np.select([c["ai"] & ~c["escalated"], c["ai"]], [0, 1], 2)
    parts: list[Frame] = []
    for stype, share in ((0, P.csat_share), (1, P.ces_share), (2, P.nps_share)):
        idx = np.flatnonzero(ok & (rng.random(nrows(c)) < share))
        res = c["resolved"][idx]
        st = stream_of[idx]
        if stype == 0:
            table = np.array([CSAT_DIST[(STREAMS[s], r)] for s in range(3) for r in (False, True)])
            dist = table[st * 2 + res]
            lo = 1
        else:
            src = CES_DIST if stype == 1 else NPS_DIST
            dist = np.array([src[False], src[True]])[res.astype(int)]
            lo = 1 if stype == 1 else 0
        score = categorical(rng, dist) + lo
        mean = dist @ np.arange(lo, lo + dist.shape[1])
        var = dist @ np.arange(lo, lo + dist.shape[1]) ** 2 - mean**2
        t = end[idx] + 60 + rng.exponential(3 * HOUR, idx.size).astype(np.int64)
        parts.append({"ci": idx, "stype": np.full(idx.size, stype, np.int8), "score": score, "t": t,
                      "exp_mean": mean, "exp_var": var, "stream": st.astype(np.int8),
                      "comment": np.where(rng.random(idx.size) < 0.3, rng.integers(0, 3, idx.size), -1)})
    s = concat(parts)
    s = take(s, s["t"] <= sched.end_ts)
    return take(s, np.lexsort((s["stype"], s["t"])))


SURVEY_COMMENTS = {"good": ("Quick and helpful.", "Great service, thanks!", "Easy, solved in minutes."),
                   "bad": ("Took way too long.", "The bot didn't understand me.",
                           "Still waiting for a real answer.")}


def downstream(w: World, cat: Catalogue, sched: Schedule, rng: np.random.Generator) -> tuple[Frame, Frame]:
    """Product events caused by instruction_given: success (in/late/early/wrong page) and contrary.

    Returns (events, instructions) frames; instructions carry the planted probabilities."""
    e, c = w.evt, w.c
    rows = np.flatnonzero(e["etype"] == E_INSTR)
    ci = e["ci"][rows]
    ok = (c["cust"][ci] >= 0) & ~c["test"][ci]
    rows, ci = rows[ok], ci[ok]
    n = rows.size
    act = e["a1"][rows]
    t0 = e["t"][rows]
    win = np.array([a.window_hours for a in cat.actions])[act] * HOUR
    base = np.array([ACTION_FOLLOW_THROUGH.get(a.key, 0.6) for a in cat.actions])[act]
    p = base * np.where(c["resolved"][ci], 1.0, P.follow_through_unresolved_factor)
    p = p * np.where(c["plant_act"][ci], P.plant_action_factor, 1.0)
    u = rng.random(n)
    taken = u < p
    late = ~taken & (u < p + P.late_success_share)
    early = ~taken & ~late & (u < p + P.late_success_share + P.early_success_share)
    has_page = np.array([bool(a.page_path) for a in cat.actions])[act]
    wrong = ~taken & ~late & ~early & has_page & (rng.random(n) < P.wrong_page_share)
    t_taken = t0 + (rng.uniform(0.02, 0.95, n) * win).astype(np.int64)
    t_late = t0 + (rng.uniform(1.05, 2.5, n) * win).astype(np.int64)
    t_early = t0 - rng.integers(HOUR, 48 * HOUR, n)
    t = np.select([taken, late, early], [t_taken, t_late, t_early], t_taken)
    succ = taken | late | early | wrong
    has_contrary = np.array([bool(a.contrary_event) for a in cat.actions])[act]
    contrary = has_contrary & (rng.random(n) < P.contrary_p)
    t_con = t0 + (rng.uniform(0.05, 0.95, n) * win).astype(np.int64)
    ev = concat([
        {"cust": c["cust"][ci][succ], "act": act[succ], "t": t[succ], "kind": np.where(wrong, 1, 0)[succ]},
        {"cust": c["cust"][ci][contrary], "act": act[contrary], "t": t_con[contrary],
         "kind": np.full(int(contrary.sum()), 2)}])
    ev = take(ev, ev["t"] <= sched.end_ts)
    ev = take(ev, np.lexsort((ev["kind"], ev["t"])))
    instr = {"ci": ci, "act": act, "t": t0, "win": win, "p": p, "taken": taken, "contrary": contrary,
             "mature": t0 + win <= sched.end_ts,
             # when the planted success event (taken, late or early decoy) / contrary event happens, -1 = none
             "t_success": np.where(taken | late | early, t, -1), "t_contrary": np.where(contrary, t_con, -1)}
    return ev, instr


