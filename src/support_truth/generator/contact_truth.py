"""contact_truth.parquet: per-contact ground truth from the simulation's own state."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import Arr, Frame, join, lookup, nrows
from .catalogue import Catalogue
from .layout import T_DIRECT, World
from .params import (
    CLOSERS,
    CONV_CHANNELS,
    E_CLOSED,
    E_HANDOFF,
    E_INSTR,
    E_INTENT,
    E_JUDGE,
    E_POLICY,
    E_TOOL,
    HOUR,
    INITIATORS,
    LANGUAGES,
    O_CONFIRMED,
    O_NEGATIVE,
    O_SILENT,
    O_UNANSWERED,
    POLICIES,
    S_AI,
    S_CUST,
    S_HUMAN,
    SURVEY_TYPES,
    TICKET_CHANNELS,
    VERSIONS,
)
from .schedule import Schedule
from .tables import Ids

# --------------------------------------------------------------------------- per-contact truth
NEGATIVE_SENTIMENT = -0.3           # dbt var negative_sentiment_threshold
RESOLUTION_INACTIVITY = 24 * HOUR   # dbt var resolution_inactivity_hours
RECONTACT_WINDOWS = (("24h", 24 * HOUR), ("72h", 72 * HOUR), ("7d", 168 * HOUR))
OUTCOME_LABELS = ("human_resolved", "human_unresolved", "escalated", "resolved_confirmed", "resolved_assumed",
                  "abandoned", "unassisted", "in_progress")
CONTACT_TRUTH_FILE = "contact_truth.parquet"
CONTACT_TRUTH_COLUMNS: dict[str, str] = {
    "contact_id": "'conversation:<conversation_id>' or 'ticket:<ticket_id>' (direct ticket), as in the raw ids",
    "contact_type": "conversation | direct_ticket",
    "conversation_id": "raw conversation_id (null for direct tickets)",
    "ticket_id": "the contact's ticket (escalation / human-first / direct) if created by the cut, else null",
    "customer_id": "raw customer_id, null when anonymous",
    "account_id": "the customer's CRM account, null when anonymous",
    "generation": "0 = primary contact, k = planted re-contact of generation k",
    "parent_contact_id": "the contact this one is a planted re-contact of (the simulation's causal link)",
    "channel": "conversation channel, or the direct ticket's channel",
    "language": "conversation language (null for direct tickets)",
    "agent_version": "AI agent version (AI-first conversations only)",
    "experiment_variant": "control | treatment inside the A/B test, else null",
    "first_handler": "ai_agent (AI-first conversation) | human_agent (human-first conversation, direct ticket)",
    "handler_branch": "ai | human",
    "is_open_at_extraction": "conversation still open at the cut (no ended_at in the raw data)",
    "intent": "the true intent of the contact (latent)",
    "intent_cluster": "seed cluster of the true intent",
    "revealed_intent": "the intent the raw data states: the intent_classified event (always the true intent), else "
                       "the contact's ticket intent (an escalation ticket may name a sibling intent), else null",
    "revealed_intent_cluster": "seed cluster of revealed_intent (null when not revealed)",
    "intent_needs_human": "seed needs_human of the true intent",
    "revealed_intent_needs_human": "seed needs_human of revealed_intent (null when not revealed)",
    "intent_is_high_stakes": "seed is_high_stakes of the true intent",
    "intent_requires_backend_action": "seed requires_backend_action of the true intent",
    "started_at": "conversation start / direct ticket creation (UTC, naive)",
    "ended_at": "conversation end (last message; null while open); direct ticket: its first solve",
    "last_message_at": "last chat message of any sender by the cut (conversations)",
    "outcome_settles_at": "coalesce(last_message_at, ended_at, started_at) + 24h; direct tickets started_at + 24h",
    "is_ai_involved": "AI-first conversation with at least one AI message by the cut",
    "is_ai_answered": "at least one substantive AI answer (not greeting / fallback / decline) by the cut",
    "ai_message_count": "AI messages by the cut",
    "ai_answer_count": "substantive AI answers by the cut",
    "turns": "customer chat messages plus public customer ticket comments by the cut",
    "first_ai_message_at": "first AI message",
    "last_ai_answer_at": "last substantive AI answer",
    "has_intent_classified": "an intent_classified event was emitted by the cut",
    "ai_intent_confidence": "its confidence",
    "tool_call_count": "tool_call events by the cut", "tool_failure_count": "failed tool calls",
    "policy_check_count": "policy_check events", "policy_failure_count": "failed policy checks",
    "critical_policy_failure_count": "failed checks of critical policies",
    "instruction_count": "instruction_given events",
    "ai_event_cost_usd": "sum of the agent events' cost_usd (rounded to 6 decimals as written)",
    "judge_verdict": "verdict of the last resolution_check event (resolved | not_resolved), null if none",
    "case_closed_by": "closed_by of the case_closed event (ai_agent | human_agent | timeout), null if none",
    "is_escalated": "AI-first conversation the simulation escalated, with the escalation (handoff or human "
                    "message) happening by the cut",
    "escalated_at": "first of handoff event, escalation ticket creation, first human reply",
    "has_handoff_event": "the escalation has a handoff event",
    "handoff_reason_code": "reason of the handoff (null without handoff event)",
    "handoff_initiated_by": "initiated_by of the handoff",
    "is_handoff_summary_provided": "the handoff carried a summary (false when escalated without handoff event, "
                                   "null when not escalated)",
    "has_human_request": "the customer asked for a human (AI-first conversations; latent)",
    "should_have_escalated": "AI-first: intent needs a human or the customer asked for one (null for the human "
                             "branch)",
    "is_context_lost": "escalated and the human's first message asked for information the customer had given",
    "first_human_reply_at": "first human chat message or public human ticket comment",
    "human_queue_started_at": "human branch: started_at; AI: handoff, else escalation ticket creation",
    "human_first_response_seconds": "human_queue_started_at -> first_human_reply_at (when not before it)",
    "escalation_ticket_count": "tickets linked to the conversation by the cut",
    "ticket_solve_count": "solves of the contact's tickets by the cut (into solved from an unsolved status)",
    "reopen_count": "reopens (solved -> unsolved) by the cut",
    "first_reopened_at": "first reopen",
    "is_ticket_solved_now": "every ticket of the contact is solved/closed at the cut (null without ticket)",
    "handle_minutes": "sum of the tickets' handle_minutes",
    "outcome": "human_resolved | human_unresolved | escalated | resolved_confirmed | resolved_assumed | "
               "abandoned | unassisted | in_progress (the settled label; in_progress = the deciding message "
               "came after the cut)",
    "is_deflected": "AI-involved and not escalated",
    "is_contained": "AI-first, not escalated, outcome confirmed / silent (resolved_confirmed / resolved_assumed) "
                    "with the last AI answer by the cut",
    "is_autonomously_resolved": "contained, intent classified, no failed policy check / tool call, case_closed by "
                                "the AI, and a successful tool call when the intent requires a backend action",
    "is_resolved": "contained, or resolved by the human rule (human branch and escalated): tickets solved now, "
                   "or without ticket a case_closed by a human (human branch: or the AI) or the chat ended after "
                   "a human reply",
    "resolved_at": "AI contained: last AI answer; ticket path: final solve (after any reopen); chat: ended_at",
    "resolved_by": "ai | human | null",
    "is_resolved_after_handoff": "escalated and resolved by the human rule (false when not escalated)",
    "is_really_resolved": "the simulation's latent 'problem really solved' draw (not observable as such)",
    "end_sentiment_latent": "the customer's latent end mood (the per-message scores drift to it, plus noise)",
    "resolution_point_count": "resolution points by the cut: the conversation end and every ticket solve",
    "first_resolution_point_at": "first resolution point",
    "last_resolution_point_at": "last resolution point",
    "is_recontacted_24h": "another non-test contact of the same customer and true intent cluster starts in "
                          "(r, r + 24h] for a resolution point r, or a ticket is reopened within 24h of a solve; "
                          "everything by the cut; null for anonymous contacts and contacts without a point",
    "is_recontacted_72h": "same, 72h", "is_recontacted_7d": "same, 168h",
    "next_recontact_at": "earliest re-contact start / reopen within 7d of a resolution point",
    "next_recontact_contact_id": "the earliest such later contact (null if only a reopen)",
    "seconds_to_recontact": "smallest gap from the resolution point just before a re-contact (or from the solve "
                            "before a reopen), within 7d",
    "is_recontacted_24h_revealed": "is_recontacted_24h matching the intent cluster the raw data reveals (revealed_"
                                   "intent_cluster, 'unknown' as one more cluster) instead of the true one",
    "is_recontacted_72h_revealed": "same, 72h", "is_recontacted_7d_revealed": "same, 168h",
    "seconds_to_recontact_revealed": "seconds_to_recontact matching the revealed intent cluster",
    "is_fcr_24h": "resolved and not re-contacted within 24h (no point: not re-contacted); null if anonymous",
    "is_fcr_72h": "same, 72h", "is_fcr_7d": "same, 168h",
    "is_ai_fcr_24h": "AI-first AI-involved identified contacts: contained and not re-contacted within 24h",
    "is_ai_fcr_72h": "same, 72h", "is_ai_fcr_7d": "same, 168h",
    "is_truly_resolved": "AI-involved identified contacts: contained, not re-contacted within 72h, latent end mood "
                         "above -0.3, and no resolution_check verdict not_resolved",
    "is_missed_escalation": "AI-involved identified contacts that should have escalated: not escalated and not "
                            "truly resolved (null outside that population)",
    "instruction_given": "an instruction_given event by the cut",
    "instruction_action_key": "its action key", "instructed_at": "its time",
    "instruction_window_ends_at": "instructed_at + the seed window",
    "instruction_followed": "the customer did the action in the window (planted 'taken'), by the cut; null for "
                            "anonymous contacts",
    "instruction_followed_at": "when",
    "instruction_success_event_at": "time of the success event planted for this instruction, also the late / "
                                    "early decoys (by the cut)",
    "instruction_contrary": "the planted contrary event happened in the window by the cut (null if anonymous)",
    "instruction_contrary_event_at": "time of the contrary event planted for this instruction (by the cut)",
    "csat_score": "CSAT answer about the contact (by the cut)", "ces_score": "CES answer", "nps_score": "NPS answer",
}


def _by_contact(n: int, ci: Arr, v: Arr, how: str) -> Arr:
    """Per-contact min / max of v over rows ci (-1 where a contact has no row)."""
    big = np.iinfo(np.int64).max
    out = np.full(n, big if how == "min" else -1, np.int64)
    (np.minimum if how == "min" else np.maximum).at(out, ci, np.asarray(v, np.int64))
    return np.where(out == big, -1, out) if how == "min" else out


def _ts(x: Arr) -> pa.Array:
    """Epoch seconds -> timestamp[s] (naive, UTC), null where negative."""
    x = np.asarray(x, np.int64)
    return pa.array(np.where(x >= 0, x, 0).astype("datetime64[s]"), mask=x < 0)


def _col(x: Arr, valid: Arr | None = None) -> pa.Array:
    return pa.array(np.asarray(x), mask=None if valid is None else ~np.asarray(valid, bool))


def _recontacts(c: Frame, scope: Arr, pts_ci: Arr, pts_t: Arr, reopen_ci: Arr, reopen_gap: Arr,
                reopen_t: Arr) -> tuple[dict[str, Arr], Arr, Arr, Arr]:
    """Re-contact flags per window, smallest gap, earliest re-contact time and contact (index) per contact.

    A re-contact is another non-test contact of the same customer and scope (0 <= scope < 64)
    starting within the window after a resolution point, or a reopen within it after a solve."""
    n = nrows(c)
    max_w = RECONTACT_WINDOWS[-1][1]
    pool = np.flatnonzero(~c["test"] & (c["cust"] >= 0))
    assert scope.size == 0 or int(scope.max()) < 64, "at most 63 intent clusters"
    key = c["cust"] * 64 + scope
    order = pool[np.lexsort((pool, c["start"][pool], key[pool]))]
    base = np.int64(2**33)
    t0 = int(c["start"].min()) if n else 0
    comb = key[order] * base + (c["start"][order] - t0 + 1)
    j = np.searchsorted(comb, key[pts_ci] * base + (pts_t - t0 + 1), side="right")
    jj = np.minimum(j, max(order.size - 1, 0))
    hit = (j < order.size) & (key[order[jj]] == key[pts_ci]) if order.size else np.zeros(pts_ci.size, bool)
    nxt = order[jj] if order.size else np.zeros(pts_ci.size, np.int64)
    gap = np.where(hit, c["start"][nxt] - pts_t, max_w + 1)
    ev_ci = np.concatenate([pts_ci, reopen_ci])
    ev_gap = np.concatenate([gap, reopen_gap])
    ev_t = np.concatenate([np.where(hit, c["start"][nxt], -1), reopen_t])
    ev_other = np.concatenate([np.where(hit, nxt, -1), np.full(reopen_ci.size, -1)])
    ok = ev_gap <= max_w
    ev_ci, ev_gap, ev_t, ev_other = ev_ci[ok], ev_gap[ok], ev_t[ok], ev_other[ok]
    flags = {name: np.bincount(ev_ci[ev_gap <= w], minlength=n) > 0 for name, w in RECONTACT_WINDOWS}
    seconds = _by_contact(n, ev_ci, ev_gap, "min")
    first = np.lexsort((ev_other < 0, ev_t, ev_ci))
    lead = first[np.r_[True, ev_ci[first][1:] != ev_ci[first][:-1]]] if first.size else first
    next_at = np.full(n, -1, np.int64)
    next_ci = np.full(n, -1, np.int64)
    next_at[ev_ci[lead]] = ev_t[lead]
    next_ci[ev_ci[lead]] = ev_other[lead]
    return flags, seconds, next_at, next_ci


def contact_truth(w: World, cat: Catalogue, sched: Schedule, ids: Ids, cus: Frame, sv: Frame,
                  instr: Frame) -> pa.Table:
    """Per-contact ground truth from the simulation's state, as of the extraction cut.

    One row per written, non-test contact (conversation or direct ticket). Latent draws say what
    happened; the skeleton rows (cut at extraction, before formatting, bad rows and duplicates)
    say when. Columns and meanings: CONTACT_TRUTH_COLUMNS."""
    c, T = w.c, sched.end_ts
    n = nrows(c)
    conv = c["kind"] == 0
    ai = conv & c["ai"]
    ident = c["cust"] >= 0
    intent = c["intent"]
    bcount = lambda ci, mask=None: np.bincount(ci if mask is None else ci[mask], minlength=n)
    # tickets: only the ones created by the cut exist; solves / reopens after the cut did not happen
    k = w.tkt
    tci, tpos = k["ci"], np.arange(nrows(k))
    s1, ro, s2 = k["solved1"], k["reopened"], k["solved2"]
    s1_ok, ro_ok, s2_ok = (s1 >= 0) & (s1 <= T), (ro >= 0) & (ro <= T), (s2 >= 0) & (s2 <= T)
    solved_now_t = s1_ok & (~ro_ok | s2_ok)
    n_tk = bcount(tci)
    has_tk = n_tk > 0
    solved_now = has_tk & (np.bincount(tci, weights=solved_now_t, minlength=n) == n_tk)
    final_solve = _by_contact(n, tci[solved_now_t], np.where(s2_ok, s2, s1)[solved_now_t], "max")
    first_solve = _by_contact(n, tci[s1_ok], s1[s1_ok], "min")
    first_tk = np.full(n, -1, np.int64)
    first_tk[tci[::-1]] = tpos[::-1]
    assert (first_tk[~conv] >= 0).all(), "every direct-ticket contact has its ticket"
    first_esc_created = _by_contact(n, tci[k["tkind"] != T_DIRECT], k["created"][k["tkind"] != T_DIRECT], "min")
    # messages, comments and agent events by the cut
    m = w.msg
    mci, mt, snd = m["ci"], m["t"], m["sender"]
    ai_m, hum_m, ans = snd == S_AI, snd == S_HUMAN, m["answer"]
    last_answer = _by_contact(n, mci[ans], mt[ans], "max")
    first_ai = _by_contact(n, mci[ai_m], mt[ai_m], "min")
    first_human_msg = _by_contact(n, mci[hum_m], mt[hum_m], "min")
    cm = w.cmt
    cci = tci[cm["ti"]]
    pub_h = (cm["author"] == 1) & cm["public"]
    first_human_cmt = _by_contact(n, cci[pub_h], cm["t"][pub_h], "min")
    turns = bcount(mci, snd == S_CUST) + bcount(cci, (cm["author"] == 0) & cm["public"])
    e = w.evt
    eci, et = e["ci"], e["etype"]
    tool, pol = et == E_TOOL, et == E_POLICY
    crit = np.array([sev == "critical" for _f, sev, _i in POLICIES.values()])
    tool_fail = bcount(eci, tool & (e["a2"] == 0))
    pol_fail = pol & (e["a2"] == 0)
    classified = bcount(eci, et == E_INTENT) > 0
    handoff_at = _by_contact(n, eci[et == E_HANDOFF], e["t"][et == E_HANDOFF], "min")
    verdict = np.full(n, -1, np.int64)
    verdict[eci[et == E_JUDGE]] = e["a1"][et == E_JUDGE]  # rows are in time order: the last one wins
    closer = np.full(n, -1, np.int64)
    closer[eci[et == E_CLOSED]] = e["a1"][et == E_CLOSED]
    cost = np.bincount(eci, weights=np.nan_to_num(np.round(e["cost"], 6)), minlength=n)
    # escalation
    times = np.stack([handoff_at, first_esc_created, first_human_msg, first_human_cmt])
    esc_at = np.where(times >= 0, times, np.iinfo(np.int64).max).min(axis=0)
    escalated = ai & c["escalated"] & (esc_at < np.iinfo(np.int64).max)
    esc_at = np.where(escalated, esc_at, -1)
    has_handoff = escalated & (handoff_at >= 0)
    asked_human = ai & (c["cust_req"] | c["missed_req"])
    should_esc = cat.needs_human[intent] | asked_human
    first_human = np.where((first_human_msg >= 0) & ((first_human_cmt < 0) | (first_human_msg <= first_human_cmt)),
                           first_human_msg, first_human_cmt)
    human_branch = ~ai
    queue_start = np.where(human_branch, c["start"],
                           np.where(handoff_at >= 0, handoff_at, first_esc_created))
    # outcome and resolution
    ai_involved = ai & (bcount(mci, ai_m) > 0)
    oc = c["outcome"]
    answered_by_cut = last_answer >= 0
    contained = ai & ~escalated & np.isin(oc, (O_CONFIRMED, O_SILENT)) & answered_by_cut
    chat_done = conv & ~has_tk & (np.where(human_branch, np.isin(closer, (0, 1)), closer == 1)
                                  | ((c["ended"] > 0) & (first_human_msg >= 0)))
    human_resolved = (human_branch | escalated) & np.where(has_tk, solved_now, chat_done)
    resolved = contained | human_resolved
    resolved_at = np.select([contained, human_resolved & has_tk, human_resolved],
                            [last_answer, final_solve, c["ended"]], -1)
    outcome = np.select(
        [human_branch & human_resolved, human_branch, escalated, c["escalated"],
         (oc == O_CONFIRMED) & answered_by_cut, (oc == O_SILENT) & answered_by_cut,
         (oc == O_NEGATIVE) & answered_by_cut, oc == O_UNANSWERED], [0, 1, 2, 7, 3, 4, 5, 6], 7)
    tool_ok = bcount(eci, tool) - tool_fail
    autonomous = (contained & classified & (tool_fail == 0) & (bcount(eci, pol_fail) == 0) & (closer == 0)
                  & (~cat.backend_action[intent] | (tool_ok > 0)))
    # resolution points and re-contacts (identified contacts only)
    p_end = ident & conv & (c["ended"] > 0)
    t_ident = ident[tci]
    pts_ci = np.concatenate([np.flatnonzero(p_end), tci[s1_ok & t_ident], tci[s2_ok & t_ident]])
    pts_t = np.concatenate([c["ended"][p_end], s1[s1_ok & t_ident], s2[s2_ok & t_ident]])
    n_points = bcount(pts_ci)
    reo = ro_ok & t_ident
    reopens = (tci[reo], (ro - s1)[reo], ro[reo])
    flags, rc_seconds, next_at, next_ci = _recontacts(c, cat.cluster_of[intent], pts_ci, pts_t, *reopens)
    # the same with the cluster the raw data reveals ('unknown' = one more scope): what the data can show
    rev = np.where(classified, intent, np.where(has_tk, k["intent"][np.maximum(first_tk, 0)], -1))
    rev_cl = np.where(rev >= 0, cat.cluster_of[np.maximum(rev, 0)], -1)
    flags_rev, rc_seconds_rev, _, _ = _recontacts(c, np.where(rev_cl >= 0, rev_cl, len(cat.clusters)), pts_ci, pts_t,
                                                  *reopens)
    rc_valid = ident & (n_points > 0)
    truly = contained & ~flags["72h"] & (verdict != 0) & (c["s1"] > NEGATIVE_SENTIMENT)
    # instructions (one at most per contact); the follow-through is known for identified contacts only
    ins = et == E_INSTR
    instr_given = bcount(eci, ins) > 0
    act = np.full(n, -1, np.int64)
    act[eci[ins]] = e["a1"][ins]
    instructed = _by_contact(n, eci[ins], e["t"][ins], "min")
    win = np.array([a.window_hours for a in cat.actions]) * HOUR
    followed = np.zeros(n, bool)
    success_at = np.full(n, -1, np.int64)
    known = np.zeros(n, bool)
    known[instr["ci"]] = True
    t_succ = np.where(instr["t_success"] <= T, instr["t_success"], -1)
    followed[instr["ci"]] = instr["taken"] & (t_succ >= 0)
    success_at[instr["ci"]] = t_succ
    contrary_at = np.full(n, -1, np.int64)
    contrary_at[instr["ci"]] = np.where(instr["t_contrary"] <= T, instr["t_contrary"], -1)
    contrary = known & (contrary_at >= 0)
    # surveys
    score = {}
    for s, name in enumerate(SURVEY_TYPES):
        v = np.full(n, -1, np.int64)
        v[sv["ci"][sv["stype"] == s]] = sv["score"][sv["stype"] == s]
        score[name] = v
    # text columns
    conv_id = ids.contact_conv
    tk_id = pc.take(ids.ticket, pa.array(np.maximum(first_tk, 0), mask=first_tk < 0))
    contact_id = pc.if_else(pa.array(conv), join("conversation:", pc.fill_null(conv_id, "")),
                            join("ticket:", pc.fill_null(tk_id, "")))
    cl = cat.cluster_of[intent]
    last_point = _by_contact(n, pts_ci, pts_t, "max")
    settles = np.where(conv, np.select([c["last_msg"] >= 0, c["ended"] > 0], [c["last_msg"], c["ended"]],
                                       c["start"]), c["start"]) + RESOLUTION_INACTIVITY
    parent = c["parent"]
    cols: dict[str, pa.Array] = {
        "contact_id": contact_id,
        "contact_type": lookup(("conversation", "direct_ticket"), c["kind"]),
        "conversation_id": conv_id,
        "ticket_id": tk_id,
        "customer_id": ids.contact_customer,
        "account_id": pc.take(ids.account, pa.array(cus["acc"][np.maximum(c["cust"], 0)], mask=~ident)),
        "generation": _col(c["gen"].astype(np.int16)),
        "parent_contact_id": pc.take(contact_id, pa.array(np.maximum(parent, 0), mask=parent < 0)),
        "channel": pc.if_else(pa.array(conv), lookup(CONV_CHANNELS, np.where(conv, c["channel"], 0)),
                              lookup(TICKET_CHANNELS, np.where(conv, 0, c["channel"]))),
        "language": lookup(LANGUAGES, c["lang"], valid=conv),
        "agent_version": lookup(VERSIONS, c["version"]),
        "experiment_variant": lookup(("control", "treatment"), c["variant"]),
        "first_handler": lookup(("human_agent", "ai_agent"), ai.astype(int)),
        "handler_branch": lookup(("human", "ai"), ai.astype(int)),
        "is_open_at_extraction": _col(c["open"], conv),
        "intent": lookup(cat.intents, intent),
        "intent_cluster": lookup(cat.clusters, cl),
        "revealed_intent": lookup(cat.intents, rev),
        "revealed_intent_cluster": lookup(cat.clusters, rev_cl),
        "intent_needs_human": _col(cat.needs_human[intent]),
        "revealed_intent_needs_human": _col(cat.needs_human[np.maximum(rev, 0)], rev >= 0),
        "intent_is_high_stakes": _col(cat.high_stakes[intent]),
        "intent_requires_backend_action": _col(cat.backend_action[intent]),
        "started_at": _ts(c["start"]),
        "ended_at": _ts(np.where(conv, c["ended"], first_solve)),
        "last_message_at": _ts(np.where(conv, c["last_msg"], -1)),
        "outcome_settles_at": _ts(settles),
        "is_ai_involved": _col(ai_involved),
        "is_ai_answered": _col(ai & answered_by_cut),
        "ai_message_count": _col(bcount(mci, ai_m)),
        "ai_answer_count": _col(bcount(mci, ans)),
        "turns": _col(turns),
        "first_ai_message_at": _ts(first_ai),
        "last_ai_answer_at": _ts(last_answer),
        "has_intent_classified": _col(classified),
        "ai_intent_confidence": _col(c["conf"], classified),
        "tool_call_count": _col(bcount(eci, tool)),
        "tool_failure_count": _col(tool_fail),
        "policy_check_count": _col(bcount(eci, pol)),
        "policy_failure_count": _col(bcount(eci, pol_fail)),
        "critical_policy_failure_count": _col(bcount(eci, pol_fail & crit[np.where(pol, e["a1"], 0)])),
        "instruction_count": _col(bcount(eci, ins)),
        "ai_event_cost_usd": _col(np.round(cost, 6)),
        "judge_verdict": lookup(("not_resolved", "resolved"), verdict),
        "case_closed_by": lookup(CLOSERS, closer),
        "is_escalated": _col(escalated),
        "escalated_at": _ts(esc_at),
        "has_handoff_event": _col(has_handoff),
        "handoff_reason_code": lookup(cat.reasons, np.where(has_handoff, c["reason"], -1)),
        "handoff_initiated_by": lookup(INITIATORS, np.where(has_handoff, c["initiator"], -1)),
        "is_handoff_summary_provided": _col(has_handoff & c["summary"], escalated),
        "has_human_request": _col(asked_human),
        "should_have_escalated": _col(should_esc, ai),
        "is_context_lost": _col(escalated & c["context_lost"] & (first_human_msg >= 0)),
        "first_human_reply_at": _ts(first_human),
        "human_queue_started_at": _ts(queue_start),
        "human_first_response_seconds": _col(first_human - queue_start,
                                             (first_human >= 0) & (queue_start >= 0) & (first_human >= queue_start)),
        "escalation_ticket_count": _col(bcount(tci, k["tkind"] != T_DIRECT)),
        "ticket_solve_count": _col(np.bincount(tci, weights=s1_ok.astype(np.int64) + s2_ok, minlength=n)
                                   .astype(np.int64)),
        "reopen_count": _col(bcount(tci, ro_ok)),
        "first_reopened_at": _ts(_by_contact(n, tci[ro_ok], ro[ro_ok], "min")),
        "is_ticket_solved_now": _col(solved_now, has_tk),
        "handle_minutes": _col(np.round(np.bincount(tci, weights=k["handle"], minlength=n), 1), has_tk),
        "outcome": lookup(OUTCOME_LABELS, outcome),
        "is_deflected": _col(ai_involved & ~escalated),
        "is_contained": _col(contained),
        "is_autonomously_resolved": _col(autonomous),
        "is_resolved": _col(resolved),
        "resolved_at": _ts(resolved_at),
        "resolved_by": lookup(("ai", "human"), np.select([contained, human_resolved], [0, 1], -1)),
        "is_resolved_after_handoff": _col(escalated & human_resolved),
        "is_really_resolved": _col(c["resolved"]),
        "end_sentiment_latent": _col(np.round(c["s1"], 4)),
        "resolution_point_count": _col(n_points),
        "first_resolution_point_at": _ts(_by_contact(n, pts_ci, pts_t, "min")),
        "last_resolution_point_at": _ts(last_point),
        **{f"is_recontacted_{name}": _col(flags[name], rc_valid) for name, _w in RECONTACT_WINDOWS},
        "next_recontact_at": _ts(np.where(rc_valid, next_at, -1)),
        "next_recontact_contact_id": pc.take(contact_id, pa.array(np.maximum(next_ci, 0),
                                                                  mask=(next_ci < 0) | ~rc_valid)),
        "seconds_to_recontact": _col(rc_seconds, rc_valid & (rc_seconds >= 0)),
        **{f"is_recontacted_{name}_revealed": _col(flags_rev[name], rc_valid) for name, _w in RECONTACT_WINDOWS},
        "seconds_to_recontact_revealed": _col(rc_seconds_rev, rc_valid & (rc_seconds_rev >= 0)),
        **{f"is_fcr_{name}": _col(resolved & ~(flags[name] & rc_valid), ident) for name, _w in RECONTACT_WINDOWS},
        **{f"is_ai_fcr_{name}": _col(contained & ~(flags[name] & rc_valid), ident & ai_involved)
           for name, _w in RECONTACT_WINDOWS},
        "is_truly_resolved": _col(truly, ident & ai_involved),
        "is_missed_escalation": _col(~escalated & ~truly, ident & ai_involved & should_esc),
        "instruction_given": _col(instr_given),
        "instruction_action_key": lookup([a.key for a in cat.actions], act),
        "instructed_at": _ts(instructed),
        "instruction_window_ends_at": _ts(np.where(act >= 0, instructed + win[np.maximum(act, 0)], -1)),
        "instruction_followed": _col(followed, known),
        "instruction_followed_at": _ts(np.where(followed, success_at, -1)),
        "instruction_success_event_at": _ts(success_at),
        "instruction_contrary": _col(contrary, known),
        "instruction_contrary_event_at": _ts(contrary_at),
        **{f"{name}_score": _col(score[name], score[name] >= 0) for name in SURVEY_TYPES},
    }
    assert list(cols) == list(CONTACT_TRUTH_COLUMNS), set(cols) ^ set(CONTACT_TRUTH_COLUMNS)
    return pa.table(cols).filter(pa.array(~c["test"]))


