"""The data package contract (interchange format version 1) and its canonical CSV form.

Everything that writes a package (``saniveld export``, ``saniveld demo``) writes it through
:func:`write_csv`, so the same data always gives the same bytes: UTF-8 without BOM, ``\\n``
line endings, a header row with every column of the file in the order below, minimal quoting,
empty cells for missing optional values, booleans ``true``/``false``, dates ``YYYY-MM-DD``,
amounts with exactly two decimals and ``.`` as decimal separator.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, TextIO

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool


@dataclass(frozen=True)
class FileSpec:
    name: str  # the file name without .csv (= the sheet name in an .xlsx workbook)
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify a row (rows are written sorted by it)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _cols(required: str, optional: str = "") -> tuple[Column, ...]:
    return tuple(Column(n, True) for n in required.split()) + tuple(
        Column(n, False) for n in optional.split()
    )


FILES: tuple[FileSpec, ...] = (
    FileSpec("municipality", _cols("name inhabitants", "general_practitioners"), ("name",)),
    FileSpec("clusters", _cols("cluster_code name"), ("cluster_code",)),
    FileSpec(
        "actors",
        _cols("actor_code name actor_type", "function organisation_code"),
        ("actor_code",),
    ),
    FileSpec(
        "combos",
        # order as in DATA_PACKAGE.md: ended_on (optional) sits between started_on and residents
        (
            Column("combo_code", True),
            Column("name", True),
            Column("cluster_code", True),
            Column("combo_type", True),
            Column("started_on", True),
            Column("ended_on", False),
            Column("residents", True),
        ),
        ("combo_code",),
    ),
    FileSpec(
        "combo_members",
        _cols("combo_code actor_code member_type", "resource_group"),
        ("combo_code", "actor_code"),
    ),
    FileSpec(
        "role_assignments",
        (
            Column("actor_code", True),
            Column("role_code", True),
            Column("scope", True),
            Column("scope_code", False),
            Column("started_on", True),
            Column("ended_on", False),
        ),
        ("actor_code", "role_code", "scope", "scope_code", "started_on"),
    ),
    FileSpec(
        "money_flows",
        _cols("flow_code quarter kind from_code to_code amount stream purpose"),
        ("flow_code",),
    ),
    FileSpec(
        "experiences",
        _cols("experience_code combo_code occurred_on dimension organised_by"),
        ("experience_code",),
    ),
)

FILES_BY_NAME = {f.name: f for f in FILES}


def format_value(value: Any) -> str:
    """One cell in canonical form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01')):f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_rows(fh: TextIO, spec: FileSpec, rows: Iterable[dict[str, Any] | tuple], header: bool = True) -> int:
    """Write rows (dicts by column name, or tuples in column order) in canonical form."""
    writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(spec.column_names)
    n = 0
    for row in rows:
        if isinstance(row, dict):
            writer.writerow([format_value(row.get(c)) for c in spec.column_names])
        else:
            writer.writerow([format_value(v) for v in row])
        n += 1
    return n


def write_csv(folder: Path, spec: FileSpec, rows: Iterable[dict[str, Any] | tuple]) -> Path:
    """Write one file of a package folder in canonical form; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / spec.filename
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_rows(fh, spec, rows)
    return path
