"""Streaming package files in canonical form (through ``spec.write_rows``) and in key order."""

from __future__ import annotations

import csv
import heapq
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from saniveld.package.spec import FILES_BY_NAME, FileSpec, format_value, write_rows

from saniveld.demo.scales import DemoError

MAX_DIGITS_RUN = 8  # a run of nine digits looks like a BSN; no value may hold one


class SortedFile:
    """One package file written chunk by chunk; refuses rows that are not in key order."""

    def __init__(self, folder: Path, name: str):
        self.spec: FileSpec = FILES_BY_NAME[name]
        self.path = folder / self.spec.filename
        self._fh = open(self.path, "w", encoding="utf-8", newline="")
        write_rows(self._fh, self.spec, [], header=True)
        self._key_index = [self.spec.column_names.index(c) for c in self.spec.key]
        self._last: tuple[str, ...] | None = None
        self.rows = 0

    def write(self, rows: Sequence[tuple]) -> None:
        """Write rows (tuples in column order); each key must be greater than the one before."""
        last = self._last
        for row in rows:
            key = tuple(format_value(row[i]) for i in self._key_index)
            if last is not None and key <= last:
                raise DemoError(f"{self.spec.filename}: row {key} is not after {last} (generator bug)")
            last = key
        self._last = last
        self.rows += write_rows(self._fh, self.spec, rows, header=False)

    def close(self) -> None:
        self._fh.close()


class PartFile:
    """A temporary, already sorted run of rows (no header) to be merged into a package file."""

    def __init__(self, folder: Path, name: str, part: str):
        self.spec = FILES_BY_NAME[name]
        self.path = folder / f".{name}.{part}.part"
        self._fh = open(self.path, "w", encoding="utf-8", newline="")

    def write(self, rows: Sequence[tuple]) -> None:
        write_rows(self._fh, self.spec, rows, header=False)

    def close(self) -> None:
        self._fh.close()

    def read(self) -> Iterator[list[str]]:
        with open(self.path, encoding="utf-8", newline="") as fh:
            yield from csv.reader(fh)


def merge_into(out: SortedFile, in_memory: Iterable[tuple], parts: Sequence[PartFile], chunk: int = 10_000) -> None:
    """Merge sorted in-memory rows and sorted part files into ``out`` by the first column."""

    def first(row: Sequence[Any]) -> str:
        return format_value(row[0])

    sources = [sorted(in_memory, key=first)] + [p.read() for p in parts]
    buffer: list = []
    for row in heapq.merge(*sources, key=first):
        buffer.append(tuple(row))
        if len(buffer) >= chunk:
            out.write(buffer)
            buffer = []
    out.write(buffer)
    for p in parts:
        p.path.unlink()


def split_cents(cents: int, parts: int = 1, limit: int = 99_999_999_99) -> list[int]:
    """Split an amount into at least ``parts`` near-equal tranches, none above ``limit`` cents.

    The limit keeps every amount below EUR 100 million: its euros never form a run of nine
    digits, which the importer would take for a citizen service number.
    """
    n = max(parts, -(-cents // limit))
    base, extra = divmod(cents, n)
    return [base + (1 if i < extra else 0) for i in range(n) if base + (1 if i < extra else 0) > 0]


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Integer shares of ``total`` proportional to integer weights, rounded down (sum ≤ total)."""
    w_sum = sum(weights)
    if w_sum <= 0 or total <= 0:
        return [0] * len(weights)
    return [total * int(w) // w_sum for w in weights]
