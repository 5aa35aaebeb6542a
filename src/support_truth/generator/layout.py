"""Lays each contact out on a clock: the row skeletons of messages, agent events, tickets,
comments and status changes (the World), merged, sorted and cut at extraction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .arrays import Arr, Frame, concat, nrows, pick, take
from .catalogue import Catalogue
from .params import (
    CH_EMAIL,
    CONV_TO_TICKET_CHANNEL,
    DAY,
    E_CLOSED,
    E_HANDOFF,
    E_INSTR,
    E_INTENT,
    E_JUDGE,
    E_LLM,
    E_POLICY,
    E_TOOL,
    HOUR,
    INFO_EMAIL,
    INFO_KEYS,
    INFO_ORDER,
    INFO_PHONE,
    MODEL_PRICES,
    O_CONFIRMED,
    O_NEGATIVE,
    POLICIES,
    S_AI,
    S_CUST,
    S_HUMAN,
    S_SYSTEM,
    ST_CLOSED,
    ST_HOLD,
    ST_NEW,
    ST_OPEN,
    ST_PENDING,
    ST_SOLVED,
    TOOL_CALL_COST_USD,
    TOOL_USE_P,
    TOOLS,
    P,
)
from .schedule import Schedule
from .texts import TemplateBank


# --------------------------------------------------------------------------- skeleton
class Skeleton:
    """Row skeletons (numbers only) of messages, agent events, tickets, comments, status changes."""

    def __init__(self) -> None:
        self.msg: list[Frame] = []
        self.evt: list[Frame] = []
        self.tkt: list[Frame] = []
        self.stc: list[Frame] = []
        self.cmt: list[Frame] = []
        self.n_tickets = 0

    def message(self, ci: Arr, t: Arr, sender: int, tpl: Arr, agent: Arr | None = None,
                feedback: Arr | None = None, answer: bool = False) -> None:
        n = ci.size
        if n == 0:
            return
        self.msg.append({
            "ci": ci, "t": t.copy(), "sender": np.full(n, sender, np.int8), "tpl": tpl.astype(np.int32),
            "agent": np.full(n, -1, np.int16) if agent is None else agent.astype(np.int16),
            "feedback": np.zeros(n, np.int8) if feedback is None else feedback.astype(np.int8),
            "answer": np.full(n, answer), "seq": np.full(n, len(self.msg), np.int32)})

    def event(self, ci: Arr, t: Arr, etype: int, a1: Arr | int = 0, a2: Arr | int = 0, a3: Arr | int = 0,
              a4: Arr | int = 0, f1: Arr | float = 0.0, cost: Arr | float = np.nan) -> None:
        n = ci.size
        if n == 0:
            return
        self.evt.append({
            "ci": ci, "t": t.copy(), "etype": np.full(n, etype, np.int8),
            "a1": np.broadcast_to(np.asarray(a1, np.int64), (n,)).copy(),
            "a2": np.broadcast_to(np.asarray(a2, np.int64), (n,)).copy(),
            "a3": np.broadcast_to(np.asarray(a3, np.int64), (n,)).copy(),
            "a4": np.broadcast_to(np.asarray(a4, np.int64), (n,)).copy(),
            "f1": np.broadcast_to(np.asarray(f1, float), (n,)).copy(),
            "cost": np.broadcast_to(np.asarray(cost, float), (n,)).copy(),
            "seq": np.full(n, len(self.evt), np.int32)})

    def llm_calls(self, rng: np.random.Generator, ci: Arr, t: Arr, model: int) -> None:
        """One llm_call event per AI message, just before it, with tokens and cost."""
        n = ci.size
        mu_in, mu_out = ((400, 40), (1400, 220))[model]
        tin = np.maximum(50, rng.normal(mu_in, mu_in * 0.2, n)).astype(np.int64)
        tout = np.maximum(5, rng.normal(mu_out, mu_out * 0.25, n)).astype(np.int64)
        pin, pout = MODEL_PRICES[model]
        self.event(ci, t - 1, E_LLM, a1=model, a2=tin, a3=tout, cost=np.round(tin * pin + tout * pout, 6))

    def collect(self) -> tuple[Frame, Frame, Frame, Frame, Frame]:
        return tuple(concat(rows) if rows else empty_frame(SKELETON_COLUMNS[name])  # type: ignore[return-value]
                     for name, rows in (("msg", self.msg), ("evt", self.evt), ("tkt", self.tkt),
                                        ("stc", self.stc), ("cmt", self.cmt)))


SKELETON_COLUMNS: dict[str, dict[str, type]] = {
    "msg": {"ci": np.int64, "t": np.int64, "sender": np.int8, "tpl": np.int32, "agent": np.int16,
            "feedback": np.int8, "answer": np.bool_, "seq": np.int32},
    "evt": {"ci": np.int64, "t": np.int64, "etype": np.int8, "a1": np.int64, "a2": np.int64, "a3": np.int64,
            "a4": np.int64, "f1": np.float64, "cost": np.float64, "seq": np.int32},
    "tkt": {"ci": np.int64, "tid": np.int64, "created": np.int64, "channel": np.int8, "tkind": np.int8,
            "priority": np.int8, "intent": np.int64, "assignee": np.int16, "handle": np.float64,
            "solved1": np.int64, "reopened": np.int64, "solved2": np.int64},
    "stc": {"ti": np.int64, "status": np.int8, "t": np.int64},
    "cmt": {"ti": np.int64, "t": np.int64, "author": np.int8, "agent": np.int16, "public": np.bool_,
            "tpl": np.int32, "seq": np.int32},
}


def empty_frame(columns: dict[str, type]) -> Frame:
    """A frame with no rows and the given column types."""
    return {k: np.zeros(0, dtype=v) for k, v in columns.items()}


@dataclass
class Clock:
    """Per-contact clock while laying out a conversation."""

    idx: Arr
    t: Arr
    last: Arr
    slow: Arr
    rng: np.random.Generator

    def customer_gap(self) -> Arr:
        return (self.rng.lognormal(np.log(40), 0.5, self.idx.size) * self.slow).astype(np.int64) + 3

    def ai_gap(self) -> Arr:
        return self.rng.integers(2, 9, self.idx.size)

    def human_gap(self) -> Arr:
        return (self.rng.lognormal(np.log(90), 0.5, self.idx.size) * self.slow).astype(np.int64) + 10

    def advance(self, mask: Arr, gap: Arr, is_message: bool = True) -> None:
        self.t[mask] += gap[mask]
        if is_message:
            self.last[mask] = self.t[mask]


class Layout:
    """Lays out messages and agent events of a batch of contacts (slot by slot, vectorised)."""

    def __init__(self, sk: Skeleton, c: Frame, cat: Catalogue, bank: TemplateBank, rng: np.random.Generator):
        self.sk, self.c, self.cat, self.bank, self.rng = sk, c, cat, bank, rng
        self.intent_keys = list(cat.intents)

    def _g(self, name: str, idx: Arr) -> Arr:
        return self.c[name][idx]

    def _tpl(self, prefix: str, idx: Arr, sub: Arr | None = None) -> Arr:
        """Template of group prefix/<intent>[/<sub>] per contact idx; prefix alone if generic."""
        if prefix in self.bank.groups:
            return self.bank.pick(self.rng, [prefix], np.zeros(idx.size, np.int64))
        intent = self.c["intent"][idx]
        if sub is None:
            return self.bank.pick(self.rng, [f"{prefix}/{i}" for i in self.intent_keys], intent)
        keys = [f"{prefix}/{i}/{s}" for i in self.intent_keys for s in range(len(INFO_KEYS))]
        return self.bank.pick(self.rng, keys, intent * len(INFO_KEYS) + sub)

    def _by_info(self, prefix: str, idx: Arr) -> Arr:
        info = self.c["info"][idx]
        keys = [f"{prefix}/{k}" for k in (INFO_ORDER, INFO_EMAIL, INFO_PHONE)]
        which = np.clip(info - INFO_ORDER, 0, 2)
        return self.bank.pick(self.rng, keys, which)

    def say(self, clk: Clock, mask: Arr, sender: int, tpl: Arr, gap: Arr, model: int = -1,
            agent: Arr | None = None, feedback: Arr | None = None, answer: bool = False) -> None:
        """Advance the clock of masked contacts and emit one message each."""
        clk.advance(mask, gap)
        ci = clk.idx[mask]
        self.sk.message(ci, clk.t[mask], sender, tpl[mask], None if agent is None else agent[mask],
                        None if feedback is None else feedback[mask], answer)
        if model >= 0:
            self.sk.llm_calls(self.rng, ci, clk.t[mask], model)

    # ------------------------------------------------------------------ AI-first
    def ai_conversations(self, idx: Arr) -> tuple[Arr, Arr]:
        """Messages/events of AI-first conversations; returns (end time, escalation time)."""
        n, rng = idx.size, self.rng
        g = lambda k: self._g(k, idx)
        clk = Clock(idx, g("start").copy(), g("start").copy(),
                    np.where(g("channel") == CH_EMAIL, 30.0, 1.0), rng)
        allm = np.ones(n, bool)
        self.say(clk, allm, S_CUST, self._tpl("open", idx, g("info")), np.zeros(n, np.int64))
        cls = g("classified")
        self.sk.event(idx[cls], clk.t[cls] + 1, E_INTENT, a1=g("intent")[cls], f1=g("conf")[cls], cost=0.0)
        self.say(clk, g("greet"), S_AI, self._tpl("ai_greet", idx), clk.ai_gap(), model=0)
        self.say(clk, g("fb1"), S_AI, self._tpl("ai_fallback", idx), clk.ai_gap(), model=0)
        self.say(clk, g("reph1"), S_CUST, self._tpl("rephrase", idx), clk.customer_gap())
        self.say(clk, g("fb2"), S_AI, self._tpl("ai_fallback", idx), clk.ai_gap(), model=0)
        self._answers(clk, idx)
        self._deflected_tail(clk, idx)
        esc_t = self._escalation_tail(clk, idx)
        self._closing_events(clk, idx)
        return clk.last, esc_t

    def _answers(self, clk: Clock, idx: Arr) -> None:
        c, rng, n = self.c, self.rng, idx.size
        answered = c["answered"][idx]
        n_follow = c["n_follow"][idx]
        outcome = c["outcome"][idx]
        fb_code = np.select([(outcome == O_CONFIRMED) & ~c["confirm_msg"][idx], outcome == O_NEGATIVE], [1, 2], 0)
        gap = clk.ai_gap() + 3
        self._tools_and_policies(clk.t + gap, idx, answered)
        for k in range(3):
            m = answered & (n_follow >= k)
            if k > 0:
                confused = c["confused"][idx] & (rng.random(n) < 0.7)
                tpl = np.where(confused, self._tpl("c_confused", idx), self._tpl("c_followup", idx))
                self.say(clk, m, S_CUST, tpl, clk.customer_gap())
                gap = clk.ai_gap()
            last = m & (n_follow == k)
            self.say(clk, m, S_AI, self._tpl("answer", idx), gap, model=1,
                     feedback=np.where(last, fb_code, 0), answer=True)
        ins = c["instr"][idx]
        act = self.cat.action_of[c["intent"][idx]]
        self.sk.event(idx[ins], clk.t[ins] + 1, E_INSTR, a1=act[ins], cost=0.0)

    def _tools_and_policies(self, t_answer: Arr, idx: Arr, answered: Arr) -> None:
        rng, n = self.rng, idx.size
        intent = self.c["intent"][idx]
        for k, (tool, (fail, intents)) in enumerate(TOOLS.items()):
            uses = np.isin(intent, [self.cat.intents.index(i) for i in intents if i in self.cat.intents])
            m = answered & uses & (rng.random(n) < TOOL_USE_P)
            ok = rng.random(n) >= fail
            self.sk.event(idx[m], t_answer[m] - 2, E_TOOL, a1=k, a2=ok[m], cost=TOOL_CALL_COST_USD)
        for k, (pol, (fail, _sev, intents)) in enumerate(POLICIES.items()):
            if intents:
                applies = np.isin(intent, [self.cat.intents.index(i) for i in intents if i in self.cat.intents])
            else:
                applies = np.ones(n, bool) if pol != "tone_guideline" else rng.random(n) < 0.5
            m = answered & applies
            ok = rng.random(n) >= fail
            self.sk.event(idx[m], t_answer[m] - 1, E_POLICY, a1=k, a2=ok[m], cost=0.0)

    def _deflected_tail(self, clk: Clock, idx: Arr) -> None:
        c = self.c
        self.say(clk, c["confirm_msg"][idx], S_CUST, self._tpl("c_confirm", idx), clk.customer_gap())
        self.say(clk, c["neg_msg"][idx], S_CUST, self._tpl("c_negative", idx), clk.customer_gap())
        missed = c["missed_req"][idx]
        self.say(clk, missed, S_CUST, self._tpl("c_req_human", idx), clk.customer_gap())
        self.say(clk, missed, S_AI, self._tpl("ai_decline", idx), clk.ai_gap(), model=0)

    def _escalation_tail(self, clk: Clock, idx: Arr) -> Arr:
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        self.say(clk, g("neg_before_handoff"), S_CUST, self._tpl("c_negative", idx), clk.customer_gap())
        self.say(clk, g("cust_req"), S_CUST, self._tpl("c_req_human", idx), clk.customer_gap())
        hand = g("handoff")
        clk.advance(hand, clk.ai_gap(), is_message=False)
        self.sk.event(idx[hand], clk.t[hand], E_HANDOFF, a1=g("reason")[hand], a2=g("initiator")[hand],
                      a3=g("summary")[hand], cost=0.0)
        esc_t = clk.t.copy()
        self._failed_tool_before_handoff(idx, hand, esc_t)
        self.say(clk, hand & (rng.random(n) < 0.7), S_SYSTEM, self._tpl("sys_handoff", idx),
                 np.ones(n, np.int64))
        reply = g("human_reply")
        agent = g("agent")
        wait = (rng.lognormal(np.log(180), 0.8, n) * np.where(g("peak"), 2.0, 1.0) * clk.slow).astype(np.int64)
        lost = g("context_lost")
        first = np.where(lost, self._by_info("ask_known", idx), self._tpl("h_first", idx))
        self.say(clk, reply, S_HUMAN, first, wait + 20, agent=agent)
        first_human_t = clk.t.copy()
        answer_back = reply & (lost | (rng.random(n) < 0.6))
        ctpl = np.select([g("already"), lost], [self._by_info("already", idx), self._by_info("reprovide", idx)],
                         self._tpl("c_reply", idx))
        self.say(clk, answer_back, S_CUST, ctpl, clk.customer_gap())
        res = g("resolved")
        self.say(clk, reply, S_HUMAN, np.where(res, self._tpl("resolve", idx), self._tpl("h_unresolved", idx)),
                 clk.human_gap(), agent=agent)
        close = reply & (rng.random(n) < 0.6)
        self.say(clk, close, S_CUST, np.where(res, self._tpl("c_close_good", idx), self._tpl("c_close_bad", idx)),
                 clk.customer_gap())
        return np.where(hand, esc_t, first_human_t)

    def _failed_tool_before_handoff(self, idx: Arr, hand: Arr, t: Arr) -> None:
        """A handoff for reason tool_failure comes right after a failed tool_call."""
        if "tool_failure" not in self.cat.reasons:
            return
        m = hand & (self.c["reason"][idx] == self.cat.reasons.index("tool_failure"))
        tool_of = np.zeros(len(self.cat.intents), np.int64)
        for k, (_tool, (_fail, intents)) in reversed(list(enumerate(TOOLS.items()))):
            for i in intents:
                if i in self.cat.intents:
                    tool_of[self.cat.intents.index(i)] = k
        self.sk.event(idx[m], t[m] - 1, E_TOOL, a1=tool_of[self.c["intent"][idx[m]]], a2=0,
                      cost=TOOL_CALL_COST_USD)

    def _closing_events(self, clk: Clock, idx: Arr) -> None:
        """resolution_check (LLM judge) and case_closed after the last message."""
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        res, answered = g("resolved"), g("answered")
        verdict = np.where(g("judge_correct"), res, ~res)
        judge = rng.random(n) < 0.9
        relevant = rng.random(n) < np.where(answered, 0.95, 0.3)
        accurate = rng.random(n) < np.where(res, 0.95, 0.6)
        safe = rng.random(n) < 0.99
        self.sk.event(idx[judge], clk.last[judge] + 90, E_JUDGE, a1=verdict[judge], a2=relevant[judge],
                      a3=accurate[judge], a4=safe[judge], cost=0.002)
        closer = np.select([g("outcome") == O_CONFIRMED, g("human_reply")], [0, 1], 2)
        delay = np.where(closer == 2, DAY, 30)
        self.sk.event(idx, clk.last + delay, E_CLOSED, a1=closer, cost=0.0)

    # ------------------------------------------------------------------ human-first
    def human_conversations(self, idx: Arr) -> Arr:
        """Messages of human-first conversations; returns end times."""
        c, rng, n = self.c, self.rng, idx.size
        g = lambda k: c[k][idx]
        slow = np.where(g("channel") == CH_EMAIL, 15.0, 1.0)
        clk = Clock(idx, g("start").copy(), g("start").copy(), slow, rng)
        self.say(clk, np.ones(n, bool), S_CUST, self._tpl("open", idx, g("info")), np.zeros(n, np.int64))
        wait = (rng.lognormal(np.log(240), 0.9, n) * np.where(g("peak"), 1.8, 1.0) * slow).astype(np.int64)
        agent = g("agent")
        self.say(clk, np.ones(n, bool), S_HUMAN, self._tpl("h_first_direct", idx), wait + 15, agent=agent)
        self.say(clk, rng.random(n) < 0.7, S_CUST, self._tpl("c_reply", idx), clk.customer_gap())
        res = g("resolved")
        self.say(clk, np.ones(n, bool), S_HUMAN,
                 np.where(res, self._tpl("resolve", idx), self._tpl("h_unresolved", idx)),
                 clk.human_gap(), agent=agent)
        self.say(clk, rng.random(n) < 0.5, S_CUST,
                 np.where(res, self._tpl("c_close_good", idx), self._tpl("c_close_bad", idx)), clk.customer_gap())
        return clk.last


T_ESCALATION, T_HUMAN_FIRST, T_DIRECT = 0, 1, 2


def tickets(lay: Layout, ci: Arr, created: Arr, tkind: int) -> Arr:
    """Tickets (+ status history and comments) for contacts ci; returns each ticket's end time."""
    c, rng, cat, sk, m = lay.c, lay.rng, lay.cat, lay.sk, ci.size
    if m == 0:
        return np.zeros(0, np.int64)
    tid = sk.n_tickets + np.arange(m, dtype=np.int64)
    sk.n_tickets += m
    res, intent = c["resolved"][ci], c["intent"][ci]
    open_t = created + rng.integers(60, 1800, m)
    reply_t = open_t + rng.lognormal(np.log(1.5 * HOUR), 0.8, m).astype(np.int64)
    pending = rng.random(m) < 0.35
    solved_t = reply_t + 120 + rng.lognormal(np.log(5 * HOUR), 1.0, m).astype(np.int64)
    reopen = res & (rng.random(m) < P.ticket_reopen_share)
    reopen_t = solved_t + 600 + rng.exponential(20 * HOUR, m).astype(np.int64)
    solved2_t = reopen_t + rng.lognormal(np.log(6 * HOUR), 0.8, m).astype(np.int64)
    final_solved = np.where(reopen, solved2_t, solved_t)
    closed = res & (rng.random(m) < 0.7)
    closed_t = final_solved + 4 * DAY + rng.integers(0, DAY, m)
    hold = ~res & (rng.random(m) < 0.3)
    hold_t = reply_t + rng.lognormal(np.log(DAY), 0.5, m).astype(np.int64)
    steps = [(np.ones(m, bool), ST_NEW, created), (np.ones(m, bool), ST_OPEN, open_t),
             (pending, ST_PENDING, reply_t + 60), (hold, ST_HOLD, hold_t), (res, ST_SOLVED, solved_t),
             (reopen, ST_OPEN, reopen_t), (reopen, ST_SOLVED, solved2_t), (closed, ST_CLOSED, closed_t)]
    for mask, status, t in steps:
        sk.stc.append({"ti": tid[mask], "status": np.full(int(mask.sum()), status, np.int8), "t": t[mask]})
    # ticket attributes
    hs = cat.high_stakes[intent]
    prio = np.where(hs, pick(rng, m, (0.05, 0.45, 0.35, 0.15)), pick(rng, m, (0.15, 0.60, 0.20, 0.05)))
    t_intent = intent.copy()
    if tkind == T_ESCALATION:
        other = rng.random(m) < 0.10
        for k in range(len(cat.clusters)):
            same = np.flatnonzero(cat.cluster_of == k)
            sel = other & (cat.cluster_of[intent] == k)
            t_intent[sel] = same[rng.integers(0, same.size, int(sel.sum()))]
    channel = c["channel"][ci] if tkind == T_DIRECT else CONV_TO_TICKET_CHANNEL[c["channel"][ci]]
    handle = cat.baseline_minutes[intent] * rng.lognormal(0.0, 0.35, m) * np.where(reopen, 1.5, 1.0)
    assignee = np.where(~res & (rng.random(m) < 0.05), -1, c["agent"][ci])
    sk.tkt.append({"ci": ci, "tid": tid, "created": created, "channel": channel.astype(np.int8),
                   "tkind": np.full(m, tkind, np.int8), "priority": prio.astype(np.int8),
                   "intent": t_intent, "assignee": assignee.astype(np.int16), "handle": np.round(handle, 1),
                   # latent solve history (-1 = never), kept for the per-contact truth
                   "solved1": np.where(res, solved_t, -1), "reopened": np.where(reopen, reopen_t, -1),
                   "solved2": np.where(reopen, solved2_t, -1)})
    # comments
    agent = c["agent"][ci]
    reply_tpl = np.where(res, lay._tpl("t_reply_good", ci), lay._tpl("t_reply_bad", ci))

    def comment(mask: Arr, t: Arr, author: int, public: bool, tpl: Arr) -> None:
        k = int(mask.sum())
        sk.cmt.append({"ti": tid[mask], "t": t[mask], "author": np.full(k, author, np.int8),
                       "agent": np.where(author == 1, agent[mask], -1).astype(np.int16),
                       "public": np.full(k, public), "tpl": tpl[mask].astype(np.int32),
                       "seq": np.full(k, len(sk.cmt), np.int32)})

    every = np.ones(m, bool)
    if tkind == T_DIRECT:
        comment(every, created, 0, True, lay._tpl("open", ci, c["info"][ci]))
        comment(rng.random(m) < 0.4, reply_t - 120, 1, False, lay._tpl("t_note", ci))
        comment(every, reply_t, 1, True, reply_tpl)
        follow_t = reply_t + rng.lognormal(np.log(3 * HOUR), 0.6, m).astype(np.int64)
        follow = (rng.random(m) < 0.4) & (~res | (follow_t < solved_t))
        comment(follow, follow_t, 0, True, lay._tpl("t_followup", ci))
        comment(reopen, reopen_t - 5, 0, True, lay._tpl("t_reopen", ci))
    elif tkind == T_ESCALATION:
        comment(every, created, 2, False, lay._tpl("summary", ci))
        comment(every, reply_t, 1, True, reply_tpl)
        comment((rng.random(m) < 0.3) & (~res | (reply_t + 1800 < solved_t)), reply_t + 1800, 0, True,
                lay._tpl("t_followup", ci))
    else:
        comment(every, created + 60, 1, False, lay._tpl("t_hf_note", ci))
    return np.where(res, final_solved, np.where(hold, hold_t, reply_t))


@dataclass
class World:
    """All contacts and their row skeletons."""

    c: Frame
    msg: Frame
    evt: Frame
    tkt: Frame
    stc: Frame
    cmt: Frame


def lay_out(c: Frame, cat: Catalogue, bank: TemplateBank, rng: np.random.Generator) -> World:
    """Messages, events and tickets of a routed, latent-drawn batch of contacts; sets c['end']."""
    sk = Skeleton()
    lay = Layout(sk, c, cat, bank, rng)
    n = nrows(c)
    end = np.zeros(n, np.int64)
    ai_idx = np.flatnonzero(c["ai"])
    hf_idx = np.flatnonzero((c["kind"] == 0) & ~c["ai"])
    dt_idx = np.flatnonzero(c["kind"] == 1)
    end_ai, esc_t = lay.ai_conversations(ai_idx)
    end[ai_idx] = end_ai
    end[hf_idx] = lay.human_conversations(hf_idx)
    has_t = c["esc_ticket"][ai_idx]
    tickets(lay, ai_idx[has_t], esc_t[has_t] + 5, T_ESCALATION)
    tickets(lay, hf_idx, c["start"][hf_idx] + 10, T_HUMAN_FIRST)
    end[dt_idx] = tickets(lay, dt_idx, c["start"][dt_idx], T_DIRECT)
    c["end"] = end
    msg, evt, tkt, stc, cmt = sk.collect()
    return World(c, msg, evt, tkt, stc, cmt)


def merge(worlds: Sequence[World]) -> World:
    """Concatenate batches, shifting contact and ticket indices."""
    c_off = t_off = 0
    parts: list[World] = []
    for w in worlds:
        msg, evt, tkt, stc, cmt = (dict(x) for x in (w.msg, w.evt, w.tkt, w.stc, w.cmt))
        for f in (msg, evt, tkt):
            if f:
                f["ci"] = f["ci"] + c_off
        if tkt:
            tkt["tid"] = tkt["tid"] + t_off
        for f in (stc, cmt):
            if f:
                f["ti"] = f["ti"] + t_off
        c = dict(w.c)
        c["parent"] = np.where(c["parent"] >= 0, c["parent"], -1)
        parts.append(World(c, msg, evt, tkt, stc, cmt))
        c_off += nrows(w.c)
        t_off += nrows(w.tkt)
    return World(*(concat([getattr(p, f) for p in parts]) for f in ("c", "msg", "evt", "tkt", "stc", "cmt")))


def keep_contacts(w: World, keep: Arr) -> World:
    """Drop contacts (and every skeleton row of them); re-index."""
    new = np.cumsum(keep) - 1
    c = take(w.c, keep)
    c["parent"] = np.where(c["parent"] >= 0, np.where(keep[np.maximum(c["parent"], 0)],
                                                      new[np.maximum(c["parent"], 0)], -1), -1)
    msg, evt, tkt = (take(f, keep[f["ci"]]) if f else f for f in (w.msg, w.evt, w.tkt))
    for f in (msg, evt, tkt):
        if f:
            f["ci"] = new[f["ci"]]
    tkeep = np.zeros(int(w.tkt["tid"].max()) + 1 if w.tkt else 0, bool)
    if w.tkt:
        tkeep[w.tkt["tid"]] = keep[w.tkt["ci"]]
    tnew = np.cumsum(tkeep) - 1
    if tkt:
        tkt["tid"] = tnew[tkt["tid"]]
    stc, cmt = (take(f, tkeep[f["ti"]]) if f else f for f in (w.stc, w.cmt))
    for f in (stc, cmt):
        if f:
            f["ti"] = tnew[f["ti"]]
    return World(c, msg, evt, tkt, stc, cmt)


def sort_world(w: World) -> World:
    """Contacts by start time, tickets by creation, rows grouped per parent and in time order."""
    n = nrows(w.c)
    order = np.lexsort((np.arange(n), w.c["start"]))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    c = take(w.c, order)
    c["parent"] = np.where(c["parent"] >= 0, rank[np.maximum(c["parent"], 0)], -1)
    msg, evt, tkt = dict(w.msg), dict(w.evt), dict(w.tkt)
    for f in (msg, evt, tkt):
        f["ci"] = rank[f["ci"]]
    msg = take(msg, np.lexsort((msg["seq"], msg["ci"])))
    evt = take(evt, np.lexsort((evt["seq"], evt["t"], evt["ci"])))
    t_order = np.lexsort((tkt["tid"], tkt["created"]))
    t_rank = np.empty(t_order.size, np.int64)
    t_rank[tkt["tid"][t_order]] = np.arange(t_order.size)
    tkt = take(tkt, t_order)
    tkt["tid"] = np.arange(t_order.size)
    stc, cmt = dict(w.stc), dict(w.cmt)
    stc["ti"] = t_rank[stc["ti"]]
    cmt["ti"] = t_rank[cmt["ti"]]
    stc = take(stc, np.lexsort((stc["status"], stc["t"], stc["ti"])))
    cmt = take(cmt, np.lexsort((cmt["seq"], cmt["t"], cmt["ti"])))
    return World(c, msg, evt, tkt, stc, cmt)


def cut_at_extraction(w: World, sched: Schedule) -> World:
    """Drop everything after the extraction time; mark open conversations; final ticket status."""
    T = sched.end_ts
    c = w.c
    n = nrows(c)
    conv = c["kind"] == 0
    truncated = np.zeros(n, bool)
    truncated[w.msg["ci"][w.msg["t"] > T]] = True
    k = round(P.open_share_recent * int(conv.sum()))
    recent = np.zeros(n, bool)
    conv_idx = np.flatnonzero(conv)
    if k > 0:
        recent[conv_idx[-k:]] = True
    c["open"] = conv & (truncated | recent)
    msg = take(w.msg, w.msg["t"] <= T)
    last = np.full(n, -1, np.int64)
    np.maximum.at(last, msg["ci"], msg["t"])
    c["last_msg"] = last
    c["ended"] = np.where(c["open"] | (last < 0), -1, last)
    closing = np.isin(w.evt["etype"], (E_CLOSED, E_JUDGE)) & c["open"][w.evt["ci"]]
    evt = take(w.evt, (w.evt["t"] <= T) & ~closing)
    tkt = w.tkt
    tkeep = tkt["created"] <= T
    stc = take(w.stc, (w.stc["t"] <= T) & tkeep[w.stc["ti"]])
    cmt = take(w.cmt, (w.cmt["t"] <= T) & tkeep[w.cmt["ti"]])
    # final status = last status change at or before T (rows are sorted by ticket, time)
    m = nrows(tkt)
    status = np.zeros(m, np.int8)
    updated = tkt["created"].copy()
    last_row = np.flatnonzero(np.r_[stc["ti"][1:] != stc["ti"][:-1], True]) if nrows(stc) else np.zeros(0, int)
    status[stc["ti"][last_row]] = stc["status"][last_row]
    updated[stc["ti"][last_row]] = stc["t"][last_row]
    tkt = dict(tkt)
    tkt["status"], tkt["updated"] = status, updated
    tkt["solved_ever"] = np.zeros(m, bool)
    tkt["solved_ever"][stc["ti"][stc["status"] == ST_SOLVED]] = True
    # tickets created after T disappear; ticket indices stay valid because kept ones are a prefix
    assert tkeep[: int(tkeep.sum())].all()
    tkt = take(tkt, tkeep)
    return World(c, msg, evt, tkt, stc, cmt)


