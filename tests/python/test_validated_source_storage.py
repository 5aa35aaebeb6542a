"""`validated_source(not_stored=...)` stores every contract column but the ones it names (D-1842).

Staging validates every column of a raw table but writes only what a reader needs (D-1801). The
columns left out are listed, not the ones kept, so that a column added to the contract is stored
until someone decides otherwise. This compiles `validated_source` with dbt (`compile --inline`)
against a warehouse of empty raw tables and reads the columns of the compiled select; a name that
is not a contract column, the key or `_loaded_at` is a compilation error. Seconds, no data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import compile_inline, dbt_invoke, duckdb_path, run_command

MESSAGES = ["message_id", "conversation_id", "sender_type", "sender_id", "sent_at", "body", "feedback",
            "sentiment_score", "_loaded_at"]
VALIDATION = ["_dq_reason", "_dq_key", "_dq_raw_values", "_dq_version_rank"]


@pytest.fixture(scope="module")
def empty_raw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """DBT_DUCKDB_PATH set, for the module's tests, to a warehouse whose raw tables exist and are empty."""
    work = tmp_path_factory.mktemp("validated_source")
    (work / "empty").mkdir()
    db = work / "raw.duckdb"
    run_command("support-truth-load", str(work / "empty"), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    with duckdb_path(db):
        yield db


def stored_columns(db: Path, work: Path, arguments: str) -> list[str]:
    (code,) = compile_inline(
        [f"{{{{ support_truth.validated_source('agent_platform', 'messages', key_columns=['message_id']{arguments}) }}}}"],
        work,
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [row[0] for row in con.execute(f"describe ({code})").fetchall()]
    finally:
        con.close()


def test_every_contract_column_is_stored_by_default(empty_raw: Path, tmp_path: Path) -> None:
    assert stored_columns(empty_raw, tmp_path, "") == MESSAGES + VALIDATION


def test_only_the_named_columns_are_left_out(empty_raw: Path, tmp_path: Path) -> None:
    assert stored_columns(empty_raw, tmp_path, ", not_stored=['sender_id', 'body']") == [
        c for c in MESSAGES if c not in ("sender_id", "body")
    ] + VALIDATION


@pytest.mark.parametrize("name", ["message_id", "_loaded_at", "no_such_column"])
def test_the_key_loaded_at_and_unknown_names_are_refused(empty_raw: Path, tmp_path: Path, name: str) -> None:
    template = ("{{ support_truth.validated_source('agent_platform', 'messages', "
                f"key_columns=['message_id'], not_stored=['{name}']) }}}}")
    result = dbt_invoke(["compile", "--inline", template], tmp_path)
    assert not result.success
    assert f"not_stored names {name}," in str(result.exception), result.exception
