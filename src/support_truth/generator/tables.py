"""Builds every raw table from the World (the valid rows of each contract table), including the
chunked product-analytics event stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import (
    Arr,
    Frame,
    _digits,
    format_date,
    format_hex_ids,
    format_ids,
    join,
    lookup,
    nrows,
    num_str,
    pick,
    splitmix64,
    stream,
    strings_from_matrix,
    take,
)
from .catalogue import Catalogue
from .config import Config
from .layout import T_DIRECT, World
from .ledger import Ledger
from .params import (
    ACTION_DEFAULT_PAGE,
    AUTHOR_TYPES,
    CLOSERS,
    CONV_CHANNELS,
    DAY,
    E_CLOSED,
    E_HANDOFF,
    E_INSTR,
    E_INTENT,
    E_JUDGE,
    E_LLM,
    E_POLICY,
    E_TOOL,
    EVENT_CHUNK_ROWS,
    EVENT_TYPES,
    EXPERIMENT_KEY,
    FEEDBACK,
    GROUP_NAMES,
    HOUR,
    INITIATORS,
    LANGUAGES,
    MODELS,
    POLICIES,
    PRIORITIES,
    S_CUST,
    SENDER_TYPES,
    STATUSES,
    SURVEY_TYPES,
    TICKET_CHANNELS,
    TOOLS,
    VERSIONS,
    P,
)
from .schedule import Schedule, sample_times
from .simulation import SURVEY_COMMENTS
from .specs import SPECS
from .texts import (
    AGENT_FIRST_NAMES,
    APP_VERSIONS,
    BG_EVENT_P,
    BG_EVENTS,
    BG_FIXED_PAGE,
    BG_PAGE_P,
    BG_PAGES,
    COMPANY_FORM,
    COMPANY_PREFIX,
    COMPANY_SUFFIX,
    COUNTRIES,
    DEVICE_P,
    DEVICES,
    FIRST_NAMES,
    LAST_NAMES,
    PLANS,
    SEGMENTS,
    TemplateBank,
)
from .writing import WRITES, TableOut, TableWriter, Ts, prepare


# --------------------------------------------------------------------------- table builders
@dataclass
class Ids:
    """Text ids shared by several tables."""

    customer: pa.Array
    account: pa.Array
    contact_conv: pa.Array       # conversation_id per contact (null for direct tickets)
    contact_customer: pa.Array   # customer_id per contact (null if anonymous)
    ticket: pa.Array
    agent: pa.Array


def make_ids(w: World, n_cus: int, n_acc: int) -> Ids:
    c = w.c
    conv = c["kind"] == 0
    cust = c["cust"]
    customer = format_ids("cus_", np.arange(n_cus) + 1, 7)
    return Ids(customer=customer, account=format_ids("acc_", np.arange(n_acc) + 1, 6),
               contact_conv=format_ids("conv_", np.cumsum(conv), 7, valid=conv),
               contact_customer=pc.take(customer, pa.array(np.maximum(cust, 0), mask=cust < 0)),
               ticket=format_ids("tkt_", np.arange(nrows(w.tkt)) + 1, 7),
               agent=format_ids("agt_", np.arange(P.n_human_agents) + 1, 3))


def lag(rng: np.random.Generator, n: int) -> Arr:
    """Loader delay in seconds (a few minutes)."""
    return 60 + rng.exponential(240, n).astype(np.int64)


def conversations_table(w: World, ids: Ids, rng: np.random.Generator) -> TableOut:
    c = w.c
    idx = np.flatnonzero(c["kind"] == 0)
    ai = c["ai"][idx]
    ended = c["ended"][idx]
    variant = c["variant"][idx]
    last = np.maximum(ended, c["start"][idx])
    cols: dict[str, pa.Array | Ts] = {
        "conversation_id": pc.take(ids.contact_conv, pa.array(idx)),
        "customer_id": pc.take(ids.contact_customer, pa.array(idx)),
        "channel": lookup(CONV_CHANNELS, c["channel"][idx]),
        "started_at": (c["start"][idx], None), "ended_at": (ended, ended > 0),
        "first_handler": lookup(("human_agent", "ai_agent"), ai.astype(int)),
        "agent_version": lookup(VERSIONS, c["version"][idx]),
        "experiment_key": lookup((EXPERIMENT_KEY,), np.zeros(idx.size, int), valid=variant >= 0),
        "experiment_variant": lookup(("control", "treatment"), variant),
        "language": lookup(LANGUAGES, c["lang"][idx]),
        "is_test": lookup(("false", "true"), c["test"][idx].astype(int)),
    }
    return TableOut(SPECS["conversations"], cols, last + lag(rng, idx.size))


def contact_values(w: World, cus: Frame, cus_str: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """Per-contact values of the text placeholders (anonymous visitors get made-up details)."""
    c = w.c
    n = nrows(c)
    ident = pa.array(c["cust"] >= 0)
    cust = pa.array(np.maximum(c["cust"], 0))
    h = splitmix64(np.arange(n) + 7777)
    rf = (h % np.uint64(len(FIRST_NAMES))).astype(np.int64)
    rl = ((h >> np.uint64(20)) % np.uint64(len(LAST_NAMES))).astype(np.int64)
    anon_first = lookup([f for f, _ in FIRST_NAMES], rf)
    anon_name = join(anon_first, " ", lookup([s for s, _ in LAST_NAMES], rl))
    anon_email = join(lookup([a for _, a in FIRST_NAMES], rf), ".", lookup([a for _, a in LAST_NAMES], rl),
                      "@gmail.com")
    o = c["order_no"]
    omat = np.empty((n, 9), np.uint8)
    omat[:, 0] = 65 + o // 26_000_000 % 26
    omat[:, 1] = 65 + o // 1_000_000 % 26
    omat[:, 2] = 45
    omat[:, 3:] = _digits(o % 1_000_000, 6)
    ph = c["phone_no"]
    pmat = np.empty((n, 15), np.uint8)
    pmat[:, 0:3] = np.frombuffer(b"+1 ", np.uint8)
    pmat[:, 3:6] = _digits(ph // 10_000, 3)
    pmat[:, 6:11] = np.frombuffer(b" 555 ", np.uint8)
    pmat[:, 11:15] = _digits(ph % 10_000, 4)
    return {
        "order": strings_from_matrix(omat), "phone": strings_from_matrix(pmat),
        "email": pc.if_else(ident, pc.take(cus_str["email"], cust), anon_email),
        "name": pc.if_else(ident, pc.take(cus_str["full_name"], cust), anon_name),
        "first": pc.if_else(ident, pc.take(cus_str["first"], cust), anon_first),
        "agent": lookup(AGENT_FIRST_NAMES, c["agent"] % len(AGENT_FIRST_NAMES)),
    }


def rows_values(values: dict[str, pa.Array], ci: Arr) -> dict[str, pa.Array]:
    idx = pa.array(ci)
    return {k: pc.take(v, idx) for k, v in values.items()}


def sentiment(w: World, rng: np.random.Generator) -> tuple[Arr, Arr]:
    """Sentiment of customer messages: from the contact's start to end mood along its turns."""
    m = w.msg
    cust = np.flatnonzero(m["sender"] == S_CUST)
    out = np.full(nrows(m), np.nan)
    if cust.size == 0:
        return out, ~np.isnan(out)
    ci = m["ci"][cust]
    first = np.r_[True, ci[1:] != ci[:-1]]
    start_pos = np.flatnonzero(first)
    group = np.cumsum(first) - 1
    count = np.diff(np.r_[start_pos, ci.size])[group]
    k = np.arange(ci.size) - start_pos[group]
    frac = np.where(count > 1, k / np.maximum(count - 1, 1), 0.0)
    s0, s1 = w.c["s0"][ci], w.c["s1"][ci]
    score = np.clip(s0 + frac * (s1 - s0) + rng.normal(0, 0.07, ci.size), -1, 1)
    out[cust] = np.round(score, 3)
    return out, ~np.isnan(out)


def messages_table(w: World, ids: Ids, bank: TemplateBank, values: dict[str, pa.Array],
                   rng: np.random.Generator) -> TableOut:
    m = w.msg
    n = nrows(m)
    ci = pa.array(m["ci"])
    score, has_score = sentiment(w, rng)
    sender_id = pc.choose(pa.array(m["sender"]), pc.take(ids.contact_customer, ci), pa.repeat("ai_ava", n),
                          pc.take(ids.agent, pa.array(np.maximum(m["agent"], 0))), pa.nulls(n, pa.string()))
    cols: dict[str, pa.Array | Ts] = {
        "message_id": format_ids("msg_", np.arange(n) + 1, 9),
        "conversation_id": pc.take(ids.contact_conv, ci),
        "sender_type": lookup(SENDER_TYPES, m["sender"]),
        "sender_id": sender_id,
        "sent_at": (m["t"], None),
        "body": bank.render(m["tpl"], rows_values(values, m["ci"])),
        "feedback": lookup(FEEDBACK, m["feedback"], valid=m["feedback"] > 0),
        "sentiment_score": num_str(score, 3, valid=has_score),
    }
    return TableOut(SPECS["messages"], cols, m["t"] + lag(rng, n))


def attributes(e: Frame, cat: Catalogue) -> pa.Array:
    """JSON attributes of agent events, built per event type and put back in row order."""
    tf = ("false", "true")
    pols = list(POLICIES)
    builders: dict[int, Callable[[Frame], pa.Array]] = {
        E_INTENT: lambda f: join('{"intent": "', lookup(cat.intents, f["a1"]), '", "confidence": ',
                                 num_str(f["f1"], 2), "}"),
        E_TOOL: lambda f: join('{"tool": "', lookup(list(TOOLS), f["a1"]), '", "success": ',
                               lookup(tf, f["a2"]), "}"),
        E_POLICY: lambda f: join('{"policy_id": "', lookup(pols, f["a1"]), '", "passed": ', lookup(tf, f["a2"]),
                                 ', "severity": "', lookup([POLICIES[p][1] for p in pols], f["a1"]), '"}'),
        E_INSTR: lambda f: join('{"action_key": "', lookup([a.key for a in cat.actions], f["a1"]), '"}'),
        E_HANDOFF: lambda f: join('{"reason_code": "', lookup(cat.reasons, f["a1"]), '", "initiated_by": "',
                                  lookup(INITIATORS, f["a2"]), '", "summary_provided": ', lookup(tf, f["a3"]), "}"),
        E_JUDGE: lambda f: join('{"verdict": "', lookup(("not_resolved", "resolved"), f["a1"]), '", "relevant": ',
                                lookup(tf, f["a2"]), ', "accurate": ', lookup(tf, f["a3"]), ', "safe": ',
                                lookup(tf, f["a4"]), "}"),
        E_LLM: lambda f: join('{"model": "', lookup(MODELS, f["a1"]), '", "input_tokens": ', num_str(f["a2"]),
                              ', "output_tokens": ', num_str(f["a3"]), "}"),
        E_CLOSED: lambda f: join('{"closed_by": "', lookup(CLOSERS, f["a1"]), '"}'),
    }
    order = np.argsort(e["etype"], kind="stable")
    pieces = []
    for et, build in builders.items():
        rows = order[e["etype"][order] == et]
        if rows.size:
            pieces.append(build(take(e, rows)))
    if not pieces:
        return pa.array([], pa.string())
    stacked = pa.concat_arrays(pieces)
    inverse = np.empty(order.size, np.int64)
    inverse[np.concatenate([order[e["etype"][order] == et] for et in builders])] = np.arange(order.size)
    return pc.take(stacked, pa.array(inverse))


def agent_events_table(w: World, ids: Ids, cat: Catalogue, rng: np.random.Generator) -> TableOut:
    e = w.evt
    n = nrows(e)
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("aev_", np.arange(n) + 1, 9),
        "conversation_id": pc.take(ids.contact_conv, pa.array(e["ci"])),
        "event_type": lookup(EVENT_TYPES, e["etype"]),
        "occurred_at": (e["t"], None),
        "attributes": attributes(e, cat),
        "cost_usd": num_str(e["cost"], 6, valid=~np.isnan(e["cost"])),
    }
    return TableOut(SPECS["agent_events"], cols, e["t"] + lag(rng, n))


def tickets_table(w: World, ids: Ids, cat: Catalogue, rng: np.random.Generator) -> TableOut:
    k = w.tkt
    n = nrows(k)
    ci = pa.array(k["ci"])
    linked = k["tkind"] != T_DIRECT
    cols: dict[str, pa.Array | Ts] = {
        "ticket_id": ids.ticket,
        "customer_id": pc.take(ids.contact_customer, ci),
        "conversation_id": pc.if_else(pa.array(linked), pc.take(ids.contact_conv, ci), pa.scalar(None, pa.string())),
        "channel": lookup(TICKET_CHANNELS, k["channel"]),
        "created_at": (k["created"], None),
        "status": lookup(STATUSES, k["status"]),
        "assignee_id": pc.take(ids.agent, pa.array(np.maximum(k["assignee"], 0), mask=k["assignee"] < 0)),
        "group_name": lookup([GROUP_NAMES.get(c, c.title()) for c in cat.clusters], cat.cluster_of[k["intent"]]),
        "priority": lookup(PRIORITIES, k["priority"]),
        "intent": lookup(cat.intents, k["intent"]),
        "handle_minutes": num_str(k["handle"], 1),
        "updated_at": (k["updated"], None),
    }
    return TableOut(SPECS["tickets"], cols, k["updated"] + lag(rng, n))


def comments_table(w: World, ids: Ids, bank: TemplateBank, values: dict[str, pa.Array],
                   rng: np.random.Generator) -> TableOut:
    m = w.cmt
    n = nrows(m)
    ci = w.tkt["ci"][m["ti"]]
    author_id = pc.choose(pa.array(m["author"]), pc.take(ids.contact_customer, pa.array(ci)),
                          pc.take(ids.agent, pa.array(np.maximum(m["agent"], 0))), pa.nulls(n, pa.string()))
    cols: dict[str, pa.Array | Ts] = {
        "comment_id": format_ids("cmt_", np.arange(n) + 1, 8),
        "ticket_id": pc.take(ids.ticket, pa.array(m["ti"])),
        "author_type": lookup(AUTHOR_TYPES, m["author"]),
        "author_id": author_id,
        "created_at": (m["t"], None),
        "is_public": lookup(("false", "true"), m["public"].astype(int)),
        "body": bank.render(m["tpl"], rows_values(values, ci)),
    }
    return TableOut(SPECS["ticket_comments"], cols, m["t"] + lag(rng, n))


def status_table(w: World, ids: Ids, rng: np.random.Generator) -> TableOut:
    s = w.stc
    cols: dict[str, pa.Array | Ts] = {"ticket_id": pc.take(ids.ticket, pa.array(s["ti"])),
                                      "status": lookup(STATUSES, s["status"]), "changed_at": (s["t"], None)}
    return TableOut(SPECS["ticket_status_changes"], cols, s["t"] + lag(rng, nrows(s)))


def surveys_table(w: World, sv: Frame, ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(sv)
    c = w.c
    is_conv = c["kind"][sv["ci"]] == 0
    # direct tickets: the survey points at the contact's ticket
    tick_of_contact = np.full(nrows(c), -1, np.int64)
    direct = w.tkt["tkind"] == T_DIRECT
    tick_of_contact[w.tkt["ci"][direct]] = w.tkt["tid"][direct]
    tix = tick_of_contact[sv["ci"]]
    good = sv["score"] >= np.where(sv["stype"] == 0, 4, np.where(sv["stype"] == 1, 5, 9))
    texts = SURVEY_COMMENTS["good"] + SURVEY_COMMENTS["bad"]
    cols: dict[str, pa.Array | Ts] = {
        "response_id": format_ids("rsp_", np.arange(n) + 1, 7),
        "conversation_id": pc.take(ids.contact_conv, pa.array(sv["ci"], mask=~is_conv)),
        "ticket_id": pc.take(ids.ticket, pa.array(np.maximum(tix, 0), mask=is_conv | (tix < 0))),
        "survey_type": lookup(SURVEY_TYPES, sv["stype"]),
        "score": num_str(sv["score"]),
        "responded_at": (sv["t"], None),
        "comment": lookup(texts, np.where(good, 0, 3) + sv["comment"], valid=sv["comment"] >= 0),
    }
    return TableOut(SPECS["survey_responses"], cols, sv["t"] + lag(rng, n))


def accounts_table(acc: Frame, ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(acc)
    name = join(lookup(COMPANY_PREFIX, acc["pre"]), lookup(COMPANY_SUFFIX, acc["suf"]),
                lookup(COMPANY_FORM, acc["form"]))
    cols: dict[str, pa.Array | Ts] = {"account_id": ids.account, "name": name,
                                      "segment": lookup(SEGMENTS, acc["seg"]), "plan": lookup(PLANS, acc["plan"]),
                                      "created_at": (acc["created"], None)}
    return TableOut(SPECS["accounts"], cols, acc["created"] + lag(rng, n))


def customers_table(cus: Frame, cus_str: dict[str, pa.Array], ids: Ids, rng: np.random.Generator) -> TableOut:
    n = nrows(cus)
    cols: dict[str, pa.Array | Ts] = {"customer_id": ids.customer, "account_id": pc.take(ids.account,
                                                                                        pa.array(cus["acc"])),
                                      "email": cus_str["email"], "full_name": cus_str["full_name"],
                                      "country": lookup(COUNTRIES, cus["country"]),
                                      "created_at": (cus["created"], None)}
    return TableOut(SPECS["customers"], cols, cus["created"] + lag(rng, n))


def subscriptions_table(subs: Frame, ids: Ids, cfg: Config, rng: np.random.Generator) -> TableOut:
    n = nrows(subs)
    closed = subs["outcome"] >= 0
    cols: dict[str, pa.Array | Ts] = {
        "subscription_id": format_ids("sub_", np.arange(n) + 1, 7),
        "account_id": pc.take(ids.account, pa.array(subs["acc"])),
        "period_start": format_date(subs["start"]), "period_end": format_date(subs["end"]),
        "mrr_usd": num_str(subs["mrr"], 2),
        "renewal_outcome": lookup(("renewed", "expanded", "contracted", "churned"), subs["outcome"]),
        "next_mrr_usd": num_str(subs["next"], 2, valid=closed),
    }
    loaded = np.where(closed, subs["end"], np.maximum(subs["start"], cfg.start_ts // DAY)) * DAY
    return TableOut(SPECS["subscriptions"], cols, loaded + lag(rng, n))


# --------------------------------------------------------------------------- product events
EVENT_NAMES = ("session_started", *BG_EVENTS)


def anon_ids(keys: Arr, salt: int, valid: Arr | None = None) -> pa.Array:
    """Stable anonymous (device) ids: anon_ + 12 hex digits of a hash."""
    return format_hex_ids("anon_", splitmix64(keys.astype(np.uint64) ^ np.uint64(salt)), valid)


@lru_cache(maxsize=1)
def props_pool() -> pa.Array:
    """A pool of properties JSON strings (device x app version x duration)."""
    durations = np.random.default_rng(0).integers(10_000, 100_000, 256)
    return pa.array([f'{{"device": "{d}", "app_version": "{v}", "duration_ms": {int(ms)}}}'
                     for d in DEVICES for v in APP_VERSIONS for ms in durations])


def product_props(rng: np.random.Generator, n: int, device: Arr) -> pa.Array:
    """properties JSON: device, app version and a duration."""
    combo = (device * len(APP_VERSIONS) + pick(rng, n, (0.2, 0.5, 0.3))) * 256 + rng.integers(0, 256, n)
    return pc.take(props_pool(), pa.array(combo))


def background_chunk(rng: np.random.Generator, size: int, sched: Schedule, cus: Frame, churn_ts: Arr,
                     ids: Ids, cus_anon: pa.Array, seq0: int, sess0: int) -> tuple[TableOut, int]:
    """One chunk of background product events in sessions (about 9 events per session).

    Draws more than needed (for churned customers' lost activity, +6%), drops events after the
    extraction time or after the customer's churn, and keeps the first `size` of the rest
    (sessions come in random order, so this is a random subset)."""
    want = size
    alive = np.clip((churn_ts - sched.start_ts) / (sched.end_ts - sched.start_ts), 0.0, 1.0)
    keep_share = float((cus["activity"] * alive).sum() / cus["activity"].sum())
    size = int(size * 1.06 / (0.97 * keep_share + 0.03)) + 64
    lens = 1 + rng.geometric(1 / 9, size // 6 + 16)
    cum = np.cumsum(lens)
    while cum[-1] < size:  # practically never: a second draw covers the rest
        lens = np.r_[lens, 1 + rng.geometric(1 / 9, size // 6 + 16)]
        cum = np.cumsum(lens)
    k = int(np.searchsorted(cum, size))
    lens = lens[:k + 1].copy()
    lens[-1] -= cum[k] - size
    n_s = lens.size
    anon = rng.random(n_s) < 0.03
    w = np.cumsum(cus["activity"])
    cust = np.minimum(np.searchsorted(w, rng.random(n_s) * w[-1], side="right"), len(w) - 1)
    visitor = rng.integers(0, 2**40, n_s)
    s_start = sample_times(rng, n_s, sched, growth=0.1)
    device = pick(rng, n_s, DEVICE_P)
    sess = np.repeat(np.arange(n_s), lens)
    first_pos = np.cumsum(lens) - lens
    cg = np.cumsum(rng.exponential(45, size).astype(np.int64) + 1)
    t = s_start[sess] + cg - cg[first_pos][sess]
    first = np.zeros(size, bool)
    first[first_pos] = True
    name = np.where(first, 0, 1 + pick(rng, size, BG_EVENT_P))
    page = pick(rng, size, BG_PAGE_P)
    page = np.where(name == 1, page, -1)
    for ev, path in BG_FIXED_PAGE.items():
        page = np.where(name == EVENT_NAMES.index(ev), BG_PAGES.index(path), page)
    page = np.where(first, 0, page)
    e_anon = anon[sess]
    e_cust = cust[sess]
    keep = (t <= sched.end_ts) & (e_anon | (t < churn_ts[e_cust]))
    idx = np.flatnonzero(keep)[:want]
    n = idx.size
    sess_k = pa.array(sess[idx])
    s_customer = pc.take(ids.customer, pa.array(cust, mask=anon))
    s_anon = pc.if_else(pa.array(anon), anon_ids(visitor, 0xA11CE), pc.take(cus_anon, pa.array(cust)))
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("evt_", seq0 + np.arange(n) + 1, 9),
        "customer_id": pc.take(s_customer, sess_k),
        "anonymous_id": pc.take(s_anon, sess_k),
        "event_name": lookup(EVENT_NAMES, name[idx]),
        "occurred_at": (t[idx], None),
        "page_path": lookup(BG_PAGES, page[idx]),
        "session_id": pc.take(format_ids("ses_", sess0 + np.arange(n_s) + 1, 9), sess_k),
        "properties": product_props(rng, n, device[sess[idx]]),
    }
    loaded = t[idx] + rng.integers(60, HOUR, n)
    return TableOut(SPECS["events"], cols, loaded), n_s


def downstream_table(ev: Frame, cat: Catalogue, ids: Ids, cus_anon: pa.Array,
                     rng: np.random.Generator) -> TableOut:
    """Product events planted by instructions (success, late/early/wrong-page success, contrary)."""
    n = nrows(ev)
    act = ev["act"]
    success = [a.success_event for a in cat.actions]
    contrary = [a.contrary_event or a.success_event for a in cat.actions]
    page = [a.page_path or ACTION_DEFAULT_PAGE.get(a.key, "/home") for a in cat.actions]
    name = pc.if_else(pa.array(ev["kind"] == 2), lookup(contrary, act), lookup(success, act))
    path = pc.if_else(pa.array(ev["kind"] == 1), pa.scalar("/home"), lookup(page, act))
    path = pc.if_else(pa.array(ev["kind"] == 2), pa.scalar(None, pa.string()), path)
    cols: dict[str, pa.Array | Ts] = {
        "event_id": format_ids("evt_", np.arange(n) + 1, 9),
        "customer_id": pc.take(ids.customer, pa.array(ev["cust"])),
        "anonymous_id": pc.take(cus_anon, pa.array(ev["cust"])),
        "event_name": name,
        "occurred_at": (ev["t"], None),
        "page_path": path,
        "session_id": format_ids("ses_", np.arange(n) + 1, 9),
        "properties": product_props(rng, n, pick(rng, n, DEVICE_P)),
    }
    return TableOut(SPECS["events"], cols, ev["t"] + rng.integers(60, HOUR, n))


def write_product_events(cfg: Config, sched: Schedule, cat: Catalogue, cus: Frame, churn_ts: Arr, ids: Ids,
                         dev: Frame, ledger: Ledger) -> None:
    """Downstream events first, then background chunks, all into one file (written in the background)."""
    writer = TableWriter(cfg, SPECS["events"])
    cus_anon = anon_ids(np.arange(nrows(cus)), 0xC0FFEE)
    first = prepare(cfg, downstream_table(dev, cat, ids, cus_anon, stream(cfg.seed, "downstream_props")), ledger)
    WRITES.submit(lambda: writer.write(first))
    seq = sess = nrows(dev)
    total_bg = max(0, round(cfg.events_per_conversation * cfg.conversations) - nrows(dev))
    sizes = [EVENT_CHUNK_ROWS] * (total_bg // EVENT_CHUNK_ROWS)
    if total_bg % EVENT_CHUNK_ROWS:
        sizes.append(total_bg % EVENT_CHUNK_ROWS)
    for j, size in enumerate(sizes, start=1):
        out, n_s = background_chunk(stream(cfg.seed, "events", j), size, sched, cus, churn_ts, ids, cus_anon,
                                    seq, sess)
        seq += out.loaded.size
        sess += n_s
        table = prepare(cfg, out, ledger, chunk=j)
        WRITES.submit(lambda t=table: writer.write(t))
    WRITES.submit(writer.close)
    WRITES.drain()


