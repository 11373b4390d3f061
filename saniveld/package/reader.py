"""Read a data package (a folder of CSV files or one .xlsx workbook) into a DuckDB workspace.

Every file becomes one table ``pkg_<name>`` in a scratch DuckDB database: each column of
the spec as VARCHAR (absent optional columns are NULL, empty cells are NULL) plus ``_line``,
the line number in the file (the header is line 1) or the row number in the sheet. Problems
with the files themselves (missing, empty, not UTF-8, unknown or missing columns, lines with
too few or too many values) are collected as :class:`PackageError`; the validation rules then
run as SQL over the workspace, which is fast for millions of rows.

The workspace is a DuckDB file in a fresh folder under ``settings.temp_dir()``, removed when
the workspace closes. Its memory is bounded (:func:`workspace_memory_limit`): tables, sorts and
joins beyond that live on disk, so a package of millions of rows does not need gigabytes of RAM.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from saniveld import settings
from saniveld.package.errors import PackageError, message
from saniveld.package.spec import FILES, FILES_BY_NAME, FileSpec

_CHUNK = 8 * 1024 * 1024


def workspace_memory_limit() -> int:
    """Bytes the workspace may hold in memory: half of DuckDB's budget (the other half is the
    target database's while both are open during an import)."""
    return settings.duckdb_memory_limit() // 2


class Workspace:
    """A scratch DuckDB file holding the package as text tables, and the file problems found."""

    def __init__(self, lang: str = "nl"):
        parent = Path(settings.temp_dir())
        parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="saniveld-import-", dir=parent))
        try:
            self.db = duckdb.connect(str(self.folder / "workspace.duckdb"))
            self.db.execute("SET enable_progress_bar = false")
            self.db.execute(f"SET memory_limit = '{workspace_memory_limit() // 2**20}MiB'")
            spill = str(self.folder / "spill").replace("'", "''")
            self.db.execute(f"SET temp_directory = '{spill}'")
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.lang = lang
        self.errors: list[PackageError] = []
        self.labels: dict[str, str] = {spec.name: spec.filename for spec in FILES}
        self.loaded: set[str] = set()  # files whose header is right and whose rows are in a table
        self.partial: set[str] = set()  # loaded files with unreadable lines (left out of the table)
        self.size_bytes = 0

    def error(self, spec_name: str, line: int, column: str, key: str, **values) -> None:
        self.errors.append(
            PackageError(self.labels[spec_name], line, column, message(key, self.lang, **values))
        )

    def table(self, spec: FileSpec) -> str:
        return f"pkg_{spec.name}"

    def rows(self, spec: FileSpec) -> int:
        if spec.name not in self.loaded:
            return 0
        return self.db.execute(f"SELECT count(*) FROM {self.table(spec)}").fetchall()[0][0]

    def close(self) -> None:
        """Close the workspace and remove its files."""
        try:
            self.db.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def read_package(path: Path | str, lang: str = "nl") -> Workspace:
    """Load a folder or an .xlsx workbook into a new workspace."""
    path = Path(path)
    ws = Workspace(lang)
    try:
        _read(ws, path, lang)
    except BaseException:
        ws.close()
        raise
    return ws


def _read(ws: Workspace, path: Path, lang: str) -> None:
    if path.is_dir():
        _read_folder(ws, path)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        _read_workbook(ws, path)
    else:
        ws.errors.append(
            PackageError(
                path.name,
                0,
                "-",
                "geen map met CSV-bestanden en geen .xlsx-werkmap"
                if lang != "en"
                else "neither a folder of CSV files nor an .xlsx workbook",
            )
        )


# --------------------------------------------------------------------------------------------
# Shared: the header, and the table with every spec column


def _check_header(ws: Workspace, spec: FileSpec, header: list[str]) -> bool:
    """Report unknown, duplicate and missing columns; True when the data can be read."""
    ok = True
    seen: set[str] = set()
    for name in header:
        if name in seen:
            ws.error(spec.name, 1, name, "duplicate_column")
            ok = False
        seen.add(name)
        if name not in spec.column_names:
            ws.error(spec.name, 1, name or "-", "unknown_column")
            ok = False
    for name in spec.required:
        if name not in seen:
            ws.error(spec.name, 1, name, "missing_column")
            ok = False
    return ok


def _create_table(ws: Workspace, spec: FileSpec, source: str, present: list[str]) -> None:
    """``pkg_<name>`` from a relation named ``source`` that has ``_line`` and the present columns."""
    cols = ", ".join(
        f"NULLIF(\"{c}\", '') AS \"{c}\"" if c in present else f"CAST(NULL AS VARCHAR) AS \"{c}\""
        for c in spec.column_names
    )
    ws.db.execute(f"CREATE OR REPLACE TABLE {ws.table(spec)} AS SELECT _line, {cols} FROM {source}")
    ws.loaded.add(spec.name)


def _create_empty(ws: Workspace, spec: FileSpec) -> None:
    cols = ", ".join(f'"{c}" VARCHAR' for c in spec.column_names)
    ws.db.execute(f"CREATE OR REPLACE TABLE {ws.table(spec)} (_line BIGINT, {cols})")


# --------------------------------------------------------------------------------------------
# CSV folder


def _read_folder(ws: Workspace, folder: Path) -> None:
    for path in sorted(folder.glob("*")):
        if path.is_file() and path.suffix.lower() == ".csv" and path.stem not in FILES_BY_NAME:
            ws.errors.append(PackageError(path.name, 0, "-", message("unknown_file", ws.lang)))
    for spec in FILES:
        _create_empty(ws, spec)
        path = folder / spec.filename
        if not path.is_file():
            ws.error(spec.name, 0, "-", "missing_file")
            continue
        ws.size_bytes += path.stat().st_size
        _read_csv(ws, spec, path)


def _scan(path: Path) -> tuple[int, int | None]:
    """(number of newlines, line of the first byte that is not UTF-8 or None), in one pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return newlines, newlines + chunk.count(b"\n", 0, exc.start) + 1
            newlines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return newlines, newlines + 1
    return newlines, None


def _read_csv(ws: Workspace, spec: FileSpec, path: Path) -> None:
    newlines, bad_line = _scan(path)
    if bad_line is not None:
        ws.error(spec.name, bad_line, "-", "encoding")
        return
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    if not first.strip():
        ws.error(spec.name, 1 if first else 0, "-", "empty_file")
        return
    header = next(csv.reader(io.StringIO(first)))
    if len(header) == 1 and ";" in first:
        ws.error(spec.name, 1, "-", "semicolon")
        return
    if not _check_header(ws, spec, header):
        return
    columns = "{" + ", ".join(f"'{i:04d}': 'VARCHAR'" for i in range(len(header))) + "}"
    ws.db.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    try:
        ws.db.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, header=true, "
            "auto_detect=false, delim=',', quote='\"', escape='\"', strict_mode=true, "
            f"columns={columns}, store_rejects=true, encoding='utf-8', max_line_size=10000000)",
            [str(path)],
        )
    except duckdb.Error as exc:
        ws.error(spec.name, 0, "-", "unreadable", detail=str(exc).splitlines()[0])
        return
    rejects = ws.db.execute(
        "SELECT line, min(error_type), min(csv_line) FROM reject_errors GROUP BY line ORDER BY line"
    ).fetchall()
    for line, error_type, csv_line in rejects:
        if error_type == "MISSING COLUMNS":
            found = len(next(csv.reader(io.StringIO(csv_line.strip("\r\n")))) or [""])
            ws.error(spec.name, line, "-", "missing_values", found=found, expected=len(header))
        elif error_type == "TOO MANY COLUMNS":
            comma = re.search(r"[0-9],[0-9]", csv_line or "")
            ws.error(spec.name, line, "-", "extra_values_comma" if comma else "extra_values")
        elif error_type == "UNQUOTED VALUE":
            ws.error(spec.name, line, "-", "bad_quote")
        else:
            ws.error(spec.name, line, "-", "bad_line", detail=error_type.lower())
    if rejects:
        ws.partial.add(spec.name)
    good = ws.db.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    rejected = [r[0] for r in rejects]
    lines = _record_lines(path, good + len(rejected), newlines)
    renamed = ", ".join(f'r."{i:04d}" AS "{name}"' for i, name in enumerate(header))
    if lines is None and not rejected:  # the usual case: record i is line i + 2, no join needed
        ws.db.execute(f"CREATE OR REPLACE TEMP VIEW numbered AS SELECT r.rowid + 2 AS _line, {renamed} FROM raw r")
        _create_table(ws, spec, "numbered", header)
        ws.db.execute("DROP VIEW numbered; DROP TABLE raw")
        return
    ws.db.execute("CREATE OR REPLACE TEMP TABLE rejected (line BIGINT)")
    if rejected:
        ws.db.executemany("INSERT INTO rejected VALUES (?)", [(r,) for r in rejected])
    if lines is None:  # one record per physical line: records are lines 2, 3, ...
        ws.db.execute(
            "CREATE OR REPLACE TEMP TABLE good_lines AS SELECT row_number() OVER (ORDER BY line) - 1 AS i, "
            f"line FROM (SELECT range AS line FROM range(2, {good + len(rejected) + 2}) "
            "WHERE range NOT IN (SELECT line FROM rejected))"
        )
    else:
        ws.db.register("all_lines", pa.table({"line": pa.array(lines, pa.int64())}))
        ws.db.execute(
            "CREATE OR REPLACE TEMP TABLE good_lines AS SELECT row_number() OVER (ORDER BY line) - 1 AS i, "
            "line FROM all_lines WHERE line NOT IN (SELECT line FROM rejected)"
        )
        ws.db.unregister("all_lines")
    ws.db.execute(
        f"CREATE OR REPLACE TEMP VIEW numbered AS SELECT g.line AS _line, {renamed} "
        "FROM raw r JOIN good_lines g ON g.i = r.rowid"
    )
    _create_table(ws, spec, "numbered", header)
    ws.db.execute("DROP VIEW numbered; DROP TABLE raw; DROP TABLE good_lines; DROP TABLE rejected")


def _record_lines(path: Path, records: int, newlines: int) -> list[int] | None:
    """Start line of every record when records and lines differ (blank lines, quoted newlines).

    None when every line after the header is one record (the usual case, no second pass).
    """
    with open(path, "rb") as fh:
        fh.seek(-1, 2)
        ends_with_newline = fh.read(1) == b"\n"
    physical = newlines + (0 if ends_with_newline else 1)
    if physical == records + 1:
        return None
    starts: list[int] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        previous_end = reader.line_num
        for row in reader:
            if row:  # blank lines are skipped by the CSV reader of the workspace too
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    return starts


# --------------------------------------------------------------------------------------------
# XLSX workbook


def _cell_text(value) -> str | None:
    """A cell as the text a CSV would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _read_workbook(ws: Workspace, path: Path) -> None:
    import openpyxl  # only needed for workbooks

    ws.size_bytes = path.stat().st_size
    for spec in FILES:
        ws.labels[spec.name] = spec.name
        _create_empty(ws, spec)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file: say so, in words
        ws.errors.append(PackageError(path.name, 0, "-", message("unreadable", ws.lang, detail=str(exc))))
        return
    try:
        for name in book.sheetnames:
            if name not in FILES_BY_NAME:
                ws.errors.append(PackageError(name, 0, "-", message("unknown_file", ws.lang)))
        for spec in FILES:
            if spec.name not in book.sheetnames:
                ws.error(spec.name, 0, "-", "missing_sheet")
                continue
            _read_sheet(ws, spec, book[spec.name])
    finally:
        book.close()


def _read_sheet(ws: Workspace, spec: FileSpec, sheet) -> None:
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    header = [_cell_text(v) or "" for v in (header_row or ())]
    while header and header[-1] == "":
        header.pop()
    if not header:
        ws.error(spec.name, 1, "-", "empty_file")
        return
    if not _check_header(ws, spec, header):
        return
    width = len(header)
    columns: list[list[str | None]] = [[] for _ in header]
    lines: list[int] = []
    for number, row in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in row]
        if all(c is None for c in cells):
            continue
        if any(c is not None for c in cells[width:]):
            ws.error(spec.name, number, "-", "extra_values")
            continue
        cells += [None] * (width - len(cells))
        lines.append(number)
        for i in range(width):
            columns[i].append(cells[i])
    data = {"_line": pa.array(lines, pa.int64())}
    data.update({name: pa.array(columns[i], pa.string()) for i, name in enumerate(header)})
    ws.db.register("sheet_rows", pa.table(data))
    _create_table(ws, spec, "sheet_rows", header)
    ws.db.unregister("sheet_rows")
