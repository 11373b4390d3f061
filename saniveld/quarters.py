"""Quarters (``YYYY-Qn``): parsing, their first and last day, neighbours and ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """``2025-Q3`` → Quarter(2025, 3); ValueError with a readable message otherwise."""
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"'{text}' is not a quarter of the form YYYY-Qn (for example 2025-Q3)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def year_start(self) -> "Quarter":
        return Quarter(self.year, 1)


def is_quarter(text: str) -> bool:
    return isinstance(text, str) and bool(_PATTERN.match(text))


def quarter_range(first: Quarter | str, last: Quarter | str) -> list[Quarter]:
    """Every quarter from first to last, inclusive (empty when last < first)."""
    q = Quarter.parse(first) if isinstance(first, str) else first
    end = Quarter.parse(last) if isinstance(last, str) else last
    out = []
    while q <= end:
        out.append(q)
        q = q.next()
    return out
