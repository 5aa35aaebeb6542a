"""Entities (accounts, customers) and primary contacts with their latent draws (routing,
answered, escalated, outcome, resolution, context, turns)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import (
    Arr,
    Frame,
    categorical,
    civil_from_days,
    days_from_civil,
    join,
    lookup,
    nrows,
    num_str,
    pick,
    splitmix64,
)
from .catalogue import Catalogue
from .config import Config
from .params import (
    CLUSTER_INFO,
    CONV_CHANNEL_P,
    DAY,
    DIRECT_TICKET_CHANNEL_P,
    EXPERIMENT_SALT,
    INFO_EMAIL,
    INFO_NAME,
    INFO_NONE,
    INFO_ORDER,
    LANGUAGE_P,
    O_CONFIRMED,
    O_ESCALATED,
    O_HUMAN,
    O_NEGATIVE,
    O_SILENT,
    O_UNANSWERED,
    REASON_INITIATOR,
    REASONS_IN_SCOPE,
    REASONS_NEEDS_HUMAN,
    REASONS_NEEDS_HUMAN_DEFAULT,
    P,
)
from .schedule import Schedule, sample_times
from .texts import (
    COMPANY_PREFIX,
    COMPANY_SUFFIX,
    COUNTRY_P,
    FIRST_NAMES,
    LAST_NAMES,
    SEGMENT_MRR,
    SEGMENT_P,
    SEGMENT_PLAN_P,
)


# --------------------------------------------------------------------------- entities
def build_accounts(rng: np.random.Generator, n: int, cfg: Config) -> Frame:
    """CRM accounts: segment, plan, name parts, created_at, MRR level, subscription anchor day."""
    seg = pick(rng, n, SEGMENT_P)
    plan = categorical(rng, np.array(SEGMENT_PLAN_P)[seg])
    mu = np.log(np.array([m for m, _ in SEGMENT_MRR]))[seg]
    sd = np.array([s for _, s in SEGMENT_MRR])[seg]
    start_day = cfg.start_ts // DAY
    return {
        "seg": seg, "plan": plan,
        "pre": rng.integers(0, len(COMPANY_PREFIX), n), "suf": rng.integers(0, len(COMPANY_SUFFIX), n),
        "form": pick(rng, n, (0.25, 0.15, 0.2, 0.15, 0.05, 0.05, 0.12, 0.03)),
        "created": cfg.start_ts - rng.integers(120 * DAY, 1500 * DAY, n),
        "mrr": np.round(np.exp(rng.normal(mu, sd)), 2),
        "anchor": start_day - rng.integers(0, 90, n),
    }


def build_customers(rng: np.random.Generator, n: int, n_acc: int, cfg: Config) -> Frame:
    """CRM customers: account, name parts, country, created_at, activity weight."""
    return {
        "acc": rng.integers(0, n_acc, n), "first": rng.integers(0, len(FIRST_NAMES), n),
        "last": rng.integers(0, len(LAST_NAMES), n), "num": rng.integers(1, 99, n),
        "country": pick(rng, n, COUNTRY_P), "created": cfg.start_ts - rng.integers(DAY, 700 * DAY, n),
        "activity": rng.lognormal(0.0, 0.8, n),
    }


def term_starts(acc: Frame, cfg: Config) -> Arr:
    """Start day (days since epoch) of every quarterly term per account (n_acc x K)."""
    y, m, d = civil_from_days(acc["anchor"])
    d = np.minimum(d, 28)
    k_max = cfg.days // 89 + 3
    k = np.arange(k_max)[None, :]
    mm = (m[:, None] - 1) + 3 * k
    return days_from_civil(y[:, None] + mm // 12, mm % 12 + 1, np.broadcast_to(d[:, None], mm.shape))


def customer_strings(cus: Frame, acc: Frame) -> dict[str, pa.Array]:
    """full_name, first name and email of every customer."""
    first = lookup([f for f, _ in FIRST_NAMES], cus["first"])
    last = lookup([s for s, _ in LAST_NAMES], cus["last"])
    first_a = lookup([a for _, a in FIRST_NAMES], cus["first"])
    last_a = lookup([a for _, a in LAST_NAMES], cus["last"])
    domain = join(lookup([p.lower() for p in COMPANY_PREFIX], acc["pre"][cus["acc"]]),
                  lookup(COMPANY_SUFFIX, acc["suf"][cus["acc"]]), ".com")
    free = (cus["num"] % 4 == 0)
    domain = pc.if_else(pa.array(free), pa.scalar("gmail.com"), domain)
    num = pc.if_else(pa.array(free), num_str(cus["num"]), pa.scalar(""))
    email = join(first_a, ".", last_a, num, "@", domain)
    return {"full_name": join(first, " ", last), "first": first, "email": email}


# --------------------------------------------------------------------------- contacts
def primary_contacts(rng: np.random.Generator, n: int, sched: Schedule, cat: Catalogue, cus: Frame) -> Frame:
    """First-generation contacts: time, customer (or anonymous), intent, kind, test flag."""
    w = np.cumsum(cus["activity"])
    cust = np.minimum(np.searchsorted(w, rng.random(n) * w[-1], side="right"), len(w) - 1)
    cust = np.where(rng.random(n) < P.anonymous_share, -1, cust)
    kind = (rng.random(n) < P.direct_ticket_share).astype(np.int8)
    test = (kind == 0) & (rng.random(n) < P.test_share)
    return {"kind": kind, "cust": cust.astype(np.int64), "intent": pick(rng, n, cat.weights),
            "start": sample_times(rng, n, sched), "gen": np.zeros(n, np.int8),
            "parent": np.full(n, -1, np.int64), "test": test}


def reason_matrix(cat: Catalogue) -> Arr:
    """Escalation reason weights per intent (n_intents x n_reasons), restricted to seeded reasons."""
    m = np.zeros((len(cat.intents), len(cat.reasons)))
    for i, intent in enumerate(cat.intents):
        if cat.needs_human[i]:
            w = REASONS_NEEDS_HUMAN.get(intent, REASONS_NEEDS_HUMAN_DEFAULT)
        else:
            w = REASONS_IN_SCOPE
        for r, v in w.items():
            if r in cat.reasons:
                m[i, cat.reasons.index(r)] = v
        if m[i].sum() == 0:
            m[i, 0] = 1.0
    return m / m.sum(axis=1, keepdims=True)


def initiator_matrix(cat: Catalogue) -> Arr:
    """initiated_by weights (customer, ai_agent, rule) per reason."""
    return np.array([REASON_INITIATOR.get(r, (0.0, 1.0, 0.0)) for r in cat.reasons])


def route(c: Frame, sched: Schedule, rng: np.random.Generator) -> None:
    """Handler, channel, language, experiment arm, agent version, peak and regression flags."""
    n = nrows(c)
    conv = c["kind"] == 0
    ai = conv & (c["start"] >= sched.launch_ts) & (rng.random(n) < P.ai_first_share)
    c["ai"] = ai
    c["channel"] = np.where(conv, pick(rng, n, CONV_CHANNEL_P), pick(rng, n, DIRECT_TICKET_CHANNEL_P))
    c["lang"] = pick(rng, n, LANGUAGE_P)
    c["peak"] = sched.peak_slots[sched.hour_of_week(c["start"])]
    in_exp = ai & (c["cust"] >= 0) & (c["start"] >= sched.exp_start) & (c["start"] < sched.exp_end)
    arm = (splitmix64(np.maximum(c["cust"], 0) ^ EXPERIMENT_SALT) >> np.uint64(11)) & np.uint64(1)
    c["variant"] = np.where(in_exp, arm.astype(np.int8), -1).astype(np.int8)
    c["reg"] = ai & (c["start"] >= sched.reg_start) & (c["start"] < sched.reg_end)
    s = c["start"]
    version = np.select([s < sched.release_ts, s < sched.reg_start, s < sched.reg_end], [0, 1, 2], 3)
    version = np.where(c["variant"] == 1, 4, version)
    c["version"] = np.where(ai, version, -1).astype(np.int8)
    c["plant_rc"] = (s >= sched.plant_recontact[0]) & (s < sched.plant_recontact[1])
    c["plant_ans"] = ai & (s >= sched.plant_answered[0]) & (s < sched.plant_answered[1])
    c["plant_act"] = (s >= sched.plant_action[0]) & (s < sched.plant_action[1])


def draw_latent(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Latent behaviour of every contact; per-row probabilities are kept (p_*) for truth.json."""
    n = nrows(c)
    intent = c["intent"]
    cl = cat.cluster_of[intent]
    ai = c["ai"]
    treat = c["variant"] == 1
    needs = cat.needs_human[intent]
    peak, reg = c["peak"], c["reg"]
    p_ans = np.clip(cat.cluster_params("p_ai_answered")[cl] - needs * P.needs_human_answered_penalty
                    + treat * P.ab_answered_delta - peak * P.peak_answered_drop
                    - c["plant_ans"] * P.plant_answered_drop, 0.05, 0.99)
    p_esc = np.clip(cat.cluster_params("p_escalated")[cl] + needs * P.needs_human_escalation_uplift
                    - treat * P.ab_escalation_delta + reg * P.regression_escalation_uplift
                    + peak * P.peak_escalation_uplift, 0.02, 0.97)
    c["p_answered"] = np.where(ai, p_ans, np.nan)
    c["p_escalated"] = np.where(ai, p_esc, np.nan)
    answered = ai & (rng.random(n) < p_ans)
    esc = ai & (rng.random(n) < p_esc)
    c["answered"], c["escalated"] = answered, esc
    # outcome of answered, not escalated AI conversations
    p_conf = np.clip(cat.cluster_params("p_confirmed")[cl] + treat * P.ab_confirmed_delta, 0, 1)
    p_neg = np.clip(cat.cluster_params("p_negative")[cl] - treat * P.ab_confirmed_delta, 0.01, 1)
    u = rng.random(n)
    deflected_outcome = np.where(u < p_conf, O_CONFIRMED, np.where(u < p_conf + p_neg, O_NEGATIVE, O_SILENT))
    outcome = np.select([esc, ai & answered, ai], [O_ESCALATED, deflected_outcome, O_UNANSWERED], O_HUMAN)
    c["outcome"] = outcome.astype(np.int8)
    c["confirm_msg"] = (outcome == O_CONFIRMED) & (rng.random(n) < P.confirm_by_message_share)
    # escalation details
    handoff = esc & (rng.random(n) < P.handoff_event_share)
    human_reply = esc & (~handoff | (rng.random(n) < P.human_reply_share_after_handoff))
    c["handoff"], c["human_reply"] = handoff, human_reply
    c["esc_ticket"] = esc & (rng.random(n) < P.escalation_ticket_share)
    reason = categorical(rng, reason_matrix(cat)[intent])
    c["reason"] = np.where(handoff, reason, -1).astype(np.int8)
    initiator = categorical(rng, initiator_matrix(cat)[reason])
    c["initiator"] = np.where(handoff, initiator, -1).astype(np.int8)
    c["summary"] = handoff & (rng.random(n) < P.summary_provided_share)
    cust_reason = np.array([r == "customer_request" for r in cat.reasons])[reason]
    neg_reason = np.array([r == "negative_sentiment" for r in cat.reasons])[reason]
    c["cust_req"] = (handoff & cust_reason) | (esc & ~handoff & (rng.random(n) < 0.3))
    c["neg_before_handoff"] = handoff & neg_reason
    c["missed_req"] = ai & ~esc & (((outcome == O_UNANSWERED) & (rng.random(n) < P.missed_request_p_unanswered))
                                  | ((outcome == O_NEGATIVE) & (rng.random(n) < P.missed_request_p_negative)))
    p_cl = np.where(c["summary"], P.context_lost_p_with_summary, P.context_lost_p_without_summary)
    c["p_context_lost"] = np.where(human_reply, p_cl, np.nan)
    lost = human_reply & (rng.random(n) < p_cl)
    c["context_lost"] = lost
    c["already"] = lost & (rng.random(n) < P.already_said_share)
    draw_info(c, cat, rng)
    draw_resolution(c, cat, rng)
    draw_turns(c, cat, rng)


def draw_info(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Which personal detail (if any) the customer puts in the opening message."""
    n = nrows(c)
    opts = np.array([CLUSTER_INFO.get(cl, (INFO_ORDER, INFO_EMAIL)) for cl in cat.clusters])
    cl = cat.cluster_of[c["intent"]]
    natural = opts[cl, rng.integers(0, 2, n)]
    given = rng.random(n) < P.info_in_opening_share
    with_name = np.where(rng.random(n) < 0.25, INFO_NAME, natural)
    c["info"] = np.where(c["context_lost"], natural, np.where(given, with_name, INFO_NONE)).astype(np.int8)
    c["order_no"] = rng.integers(0, 26 * 26 * 1_000_000, n)
    c["phone_no"] = rng.integers(200_0000, 999_9999, n)


def draw_resolution(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Latent 'really resolved', sentiment trajectory and re-contact propensity."""
    n = nrows(c)
    cl = cat.cluster_of[c["intent"]]
    outcome = c["outcome"]
    human_p = cat.cluster_params("p_human_resolved")[cl]
    handled = c["human_reply"] | c["esc_ticket"]
    p_res = np.select(
        [outcome == O_CONFIRMED, outcome == O_SILENT, outcome == O_NEGATIVE, outcome == O_UNANSWERED,
         outcome == O_ESCALATED],
        [P.resolved_p_confirmed, P.resolved_p_silent, P.resolved_p_negative, 0.0,
         np.where(handled, human_p - P.escalation_resolve_penalty, 0.0)], human_p)
    c["p_resolved"] = p_res
    res = rng.random(n) < p_res
    c["resolved"] = res
    c["s0"] = np.clip(rng.normal(-0.15, 0.25, n), -1, 1)
    c["s1"] = np.clip(np.where(res, rng.normal(0.55, 0.2, n), rng.normal(-0.55, 0.2, n)), -1, 1)
    shift = cat.cluster_params("recontact_shift")[cl]
    p_rc = np.where(res, P.recontact_p_resolved + shift / 2, P.recontact_p_unresolved + shift)
    p_rc = p_rc + c["plant_rc"] * P.plant_recontact_uplift
    eligible = (c["cust"] >= 0) & ~c["test"]
    c["p_recontact"] = np.where(eligible, p_rc, 0.0)
    c["recontact"] = eligible & (rng.random(n) < p_rc)
    c["agent"] = rng.integers(0, P.n_human_agents, n).astype(np.int16)


def draw_turns(c: Frame, cat: Catalogue, rng: np.random.Generator) -> None:
    """Conversation shape of AI-first contacts: greeting, fallbacks, follow-ups, events."""
    n = nrows(c)
    ai, answered = c["ai"], c["answered"]
    greet = ai & (rng.random(n) < P.greeting_share)
    fb1 = ai & np.where(answered, rng.random(n) < P.answered_prefallback_share, ~greet | (rng.random(n) < 0.6))
    reph1 = fb1 & (answered | (rng.random(n) < 0.6))
    c["greet"], c["fb1"], c["reph1"], c["fb2"] = greet, fb1, reph1, reph1 & ~answered
    c["n_follow"] = np.where(answered, pick(rng, n, (0.55, 0.35, 0.10)), 0).astype(np.int8)
    c["confused"] = ~c["resolved"] & (rng.random(n) < 0.5)
    c["classified"] = ai & (rng.random(n) < P.intent_classified_share)
    c["conf"] = np.round(np.clip(rng.beta(9, 1.6, n), 0.35, 0.99), 2)
    c["instr"] = answered & (cat.action_of[c["intent"]] >= 0) & (rng.random(n) < P.instruction_share)
    c["judge_correct"] = rng.random(n) < 0.9
    c["neg_msg"] = (c["outcome"] == O_NEGATIVE) & (rng.random(n) < 0.4)


