"""Checks a raw file must pass before the loader replaces any table (support-truth-load).

A file that cannot be read whole would leave a table half-loaded or silently short, so every file
of a load is checked first and one bad file stops the load before anything is replaced:

  CSV      a header; every record has the header's number of fields and no quote left open
           (DuckDB's reader in strict mode, without sniffing, records each bad line); and the file
           ends with a line break: a file cut mid-row ends inside its last record.
  Parquet  the footer is present and every row group decodes (pyarrow reads them one at a time).

The error (BadRawFile) names the file and the line (CSV: DuckDB's line number, the header being line
1; Parquet: the row group and its first row) and what is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from .warehouse import MAX_CSV_LINE_BYTES


class BadRawFile(Exception):
    """A raw file the loader refuses; its message names the file and the line."""


def csv_header(path: Path) -> list[str]:
    """The header fields of a CSV file (RFC 4180)."""
    csv.field_size_limit(MAX_CSV_LINE_BYTES)
    with path.open(newline="", encoding="utf-8", errors="replace") as f:
        header = next(csv.reader(f), None)
    if not header:
        raise BadRawFile(f"{path}: line 1: no header (empty file)")
    return header


def ends_with_line_break(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, 2)
        return f.read(1) in (b"\n", b"\r")


def check_csv(path: Path) -> None:
    """Raise BadRawFile unless every record of the CSV file is complete."""
    header = csv_header(path)
    quoted = str(path).replace("'", "''")
    columns = ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}': 'varchar'" for name in header)
    con = duckdb.connect()
    try:
        # fetchall, not fetchone: the scan must finish before its rejects are stored
        ((rows,),) = con.execute(
            f"select count(*) from read_csv('{quoted}', header = true, auto_detect = false, "
            f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', "
            f"max_line_size = {MAX_CSV_LINE_BYTES}, store_rejects = true)").fetchall()
        rejects = con.execute(
            "select line, byte_position, error_type, error_message from reject_errors order by line limit 3"
        ).fetchall()
    except duckdb.Error as e:
        raise BadRawFile(f"{path}: not a readable CSV file: {e}") from e
    finally:
        con.close()
    if rejects:
        line, byte, kind, message = rejects[0]
        more = f" (and {len(rejects) - 1}+ more bad lines)" if len(rejects) > 1 else ""
        raise BadRawFile(f"{path}: line {line} (byte {byte}): {kind.lower()}: {message}{more}; nothing loaded")
    if not ends_with_line_break(path):
        raise BadRawFile(f"{path}: line {rows + 2}: the last record has no line break, the file looks cut "
                         "mid-row; nothing loaded")


def check_parquet(path: Path) -> None:
    """Raise BadRawFile unless the Parquet file has its footer and every row group decodes."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises ArrowInvalid / OSError for a cut or foreign file
        raise BadRawFile(f"{path}: not a complete Parquet file (footer unreadable: {e}); nothing loaded") from e
    first_row = 0
    for group in range(parquet.num_row_groups):
        try:
            parquet.read_row_group(group)
        except Exception as e:
            raise BadRawFile(f"{path}: row group {group} (from row {first_row + 1}) does not decode: {e}; "
                             "nothing loaded") from e
        first_row += parquet.metadata.row_group(group).num_rows


def check_file(path: Path) -> None:
    """Raise BadRawFile when the raw file (CSV or Parquet) cannot be loaded whole."""
    if path.stat().st_size == 0:
        raise BadRawFile(f"{path}: line 1: empty file; nothing loaded")
    if path.suffix == ".parquet":
        check_parquet(path)
    else:
        check_csv(path)
