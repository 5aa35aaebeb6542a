"""One generator run: simulate, write every raw table, contact_truth.parquet and truth.json."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.parquet as pq

from .arrays import Arr, Frame, stream
from .catalogue import load_catalogue
from .config import Config
from .contact_truth import CONTACT_TRUTH_COLUMNS, CONTACT_TRUTH_FILE, contact_truth
from .contacts import build_accounts, build_customers, customer_strings
from .ledger import Ledger
from .params import DAY
from .schedule import make_schedule
from .simulation import downstream, simulate, surveys
from .tables import (
    accounts_table,
    agent_events_table,
    comments_table,
    contact_values,
    conversations_table,
    customers_table,
    make_ids,
    messages_table,
    status_table,
    subscriptions_table,
    surveys_table,
    tickets_table,
    write_product_events,
)
from .texts import build_bank
from .truth import build_truth
from .writing import WRITES, emit


def churn_times(subs: Frame, cus: Frame, n_acc: int) -> Arr:
    """Churn timestamp per customer (far future if the account did not churn)."""
    acc_ts = np.full(n_acc, np.iinfo(np.int64).max, np.int64)
    ch = subs["outcome"] == 3
    acc_ts[subs["acc"][ch]] = subs["end"][ch] * DAY
    return acc_ts[cus["acc"]]


def run(cfg: Config) -> dict:
    """Generate every table and truth.json into cfg.out; returns the truth dict."""
    cat = load_catalogue(cfg.seeds_dir)
    bank = build_bank(cat)
    sched = make_schedule(cfg)
    rng = stream(cfg.seed, "entities")
    n_cus = max(1, cfg.conversations // 3)
    n_acc = max(1, n_cus // 5)
    acc = build_accounts(rng, n_acc, cfg)
    cus = build_customers(rng, n_cus, n_acc, cfg)
    w, subs, sizing = simulate(cfg, cat, bank, sched, acc, cus)
    churn_ts = churn_times(subs, cus, n_acc)
    churn_ts_contact = np.where(w.c["cust"] >= 0, churn_ts[np.maximum(w.c["cust"], 0)], np.iinfo(np.int64).max)
    sv = surveys(w, sched, stream(cfg.seed, "surveys"))
    dev, instr = downstream(w, cat, sched, stream(cfg.seed, "downstream"))
    ids = make_ids(w, n_cus, n_acc)
    cus_str = customer_strings(cus, acc)
    values = contact_values(w, cus, cus_str)
    ledger = Ledger()
    r = stream(cfg.seed, "loaded")
    cfg.out.mkdir(parents=True, exist_ok=True)
    emit(cfg, conversations_table(w, ids, r), ledger)
    emit(cfg, messages_table(w, ids, bank, values, r), ledger)
    emit(cfg, agent_events_table(w, ids, cat, r), ledger)
    emit(cfg, tickets_table(w, ids, cat, r), ledger)
    emit(cfg, comments_table(w, ids, bank, values, r), ledger)
    emit(cfg, status_table(w, ids, r), ledger)
    emit(cfg, surveys_table(w, sv, ids, r), ledger)
    emit(cfg, accounts_table(acc, ids, r), ledger)
    emit(cfg, customers_table(cus, cus_str, ids, r), ledger)
    emit(cfg, subscriptions_table(subs, ids, cfg, r), ledger)
    write_product_events(cfg, sched, cat, cus, churn_ts, ids, dev, ledger)
    per_contact = contact_truth(w, cat, sched, ids, cus, sv, instr)
    WRITES.submit(lambda: pq.write_table(per_contact, cfg.out / CONTACT_TRUTH_FILE, compression="snappy"))
    WRITES.drain()
    truth = build_truth(cfg, cat, sched, w, subs, sv, instr, dev, churn_ts_contact, ledger, sizing)
    truth["contact_truth"] = {"file": CONTACT_TRUTH_FILE, "rows": per_contact.num_rows,
                              "grain": "one row per non-test contact written to the raw data (conversations "
                                       "and direct tickets), facts as of the extraction cut",
                              "columns": CONTACT_TRUTH_COLUMNS}
    (cfg.out / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


