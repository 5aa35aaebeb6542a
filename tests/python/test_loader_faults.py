"""Loader faults: a bad raw file stops the load before anything is replaced (support_truth.file_checks).

A small dataset is loaded (version 1), then a second dataset with one injected fault: a CSV cut
mid-row (inside a quoted field, and after a delimiter), a CSV with a record of too few fields, a
truncated Parquet file. Each load must exit 1 with an error naming the file and the line, and every
raw table must still hold version 1 (same row counts and the same _loaded_at). The bad file is the
*last* table the loader would replace, so a loader that replaced tables one by one would have
changed the others. A good second load then replaces everything (the check does not refuse good
files, CSV or Parquet).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from conftest import command, run_command

from support_truth.contract import contract_tables

V1_ARGS = ("--conversations", "150", "--days", "10", "--seed", "21", "--bad-row-rate", "0")
V2_ARGS = ("--conversations", "200", "--days", "10", "--seed", "22", "--bad-row-rate", "0")
LAST = contract_tables()[-1]  # the loader replaces tables in contract order: the bad file comes last


def raw_state(db: Path) -> dict[str, tuple[int, object]]:
    """Rows and max(_loaded_at) per contract table."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t.qualified: tuple(con.execute(  # type: ignore[misc]
            f'select count(*), max(_loaded_at) from "{t.system}"."{t.name}"').fetchone() or ())
            for t in contract_tables()}
    finally:
        con.close()


def load(data: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command("support-truth-load"), str(data)], capture_output=True, text=True, check=False,
                          env={**os.environ, "DBT_DUCKDB_PATH": str(db)})


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[str, tuple[int, object]]]:
    work = tmp_path_factory.mktemp("loader_faults")
    v1, v2, db = work / "v1", work / "v2", work / "warehouse.duckdb"
    run_command("support-truth-generate", "--out", str(v1), *V1_ARGS)
    run_command("support-truth-generate", "--out", str(v2), *V2_ARGS)
    run_command("support-truth-load", str(v1), env={**os.environ, "DBT_DUCKDB_PATH": str(db)})
    return work, v2, db, raw_state(db)


def assert_refused(data: Path, db: Path, before: dict[str, tuple[int, object]], *needles: str) -> None:
    """Loading `data` exits 1 with an error holding every needle, and the raw tables are unchanged."""
    result = load(data, db)
    assert result.returncode == 1, result.stdout + result.stderr
    assert all(n in result.stderr for n in ("nothing loaded", *needles)), result.stderr
    assert raw_state(db) == before


def faulty_copy(v2: Path, out: Path) -> Path:
    """A copy of dataset v2; returns the path of its last table's CSV file."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(v2, out)
    return out / LAST.system / f"{LAST.name}.csv"


def cut_inside_a_row(path: Path) -> int:
    """Cut the file in the middle of a record (not at a line break); returns the records kept whole."""
    data = path.read_bytes()
    mid = data.index(b"\n", len(data) // 2) + 1
    end = mid + max(2, (data.index(b"\n", mid) - mid) // 2)
    path.write_bytes(data[:end])
    return data[:mid].count(b"\n") - 1


def test_csv_cut_mid_row_is_refused_and_nothing_replaced(setup) -> None:
    work, v2, db, before = setup
    path = faulty_copy(v2, work / "cut")
    kept = cut_inside_a_row(path)
    assert_refused(work / "cut", db, before, f"{path}: line {kept + 2}")  # the header is line 1


def test_csv_cut_inside_a_quoted_field_is_refused(setup) -> None:
    work, v2, db, before = setup
    path = faulty_copy(v2, work / "quote")
    with path.open("a", encoding="utf-8") as f:
        f.write('"half a value, cut\n')
    assert_refused(work / "quote", db, before, f"{path}: line ")


def test_csv_record_with_too_few_fields_is_refused_with_its_line(setup) -> None:
    work, v2, db, before = setup
    path = faulty_copy(v2, work / "ragged")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert all(line.count('"') % 2 == 0 for line in lines[:4]), "the first records are one line each"
    lines[3] = lines[3].split(",", 1)[0] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert_refused(work / "ragged", db, before, f"{path}: line 4", "missing columns")


def test_truncated_parquet_is_refused_and_nothing_replaced(setup) -> None:
    work, v2, db, before = setup
    csv_path = faulty_copy(v2, work / "parquet")
    parquet = csv_path.with_suffix(".parquet")
    pq.write_table(pacsv.read_csv(csv_path), parquet)
    csv_path.unlink()
    parquet.write_bytes(parquet.read_bytes()[: parquet.stat().st_size * 2 // 3])
    assert_refused(work / "parquet", db, before, str(parquet), "not a complete Parquet file")


def test_good_files_load_after_the_refused_ones(setup) -> None:
    work, v2, db, before = setup
    good = faulty_copy(v2, work / "good")
    pq.write_table(pacsv.read_csv(good, convert_options=pacsv.ConvertOptions(strings_can_be_null=True)),
                   good.with_suffix(".parquet"))
    good.unlink()
    result = load(work / "good", db)
    assert result.returncode == 0, result.stderr
    after = raw_state(db)
    assert all(after[t][1] != before[t][1] for t in before), "every table replaced"
    assert after != before
