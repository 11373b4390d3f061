"""Indicator values and differences in their unit, as the review page shows them.

The same rules as ``saniveld.formatting.indicator_value`` / ``indicator_change`` on the reports
branch (the lead may make this module a re-export of those when both are merged):
``12,8 %``, ``€ 2.345``, ``0,87``, ``306``; differences with their sign, percentages in
percentage points (``+3,2 %-punt`` / ``+3.2 pp``).
"""

from __future__ import annotations

from decimal import Decimal

from saniveld.web.formatting import MISSING, _rounded, change, count, money, number, percent

UNIT_DECIMALS = {"percent": 1, "ratio": 2, "per_1000_inhabitants": 1, "per_100_residents": 1}


def indicator_value(value: Decimal | None, unit: str, lang: str = "nl") -> str:
    """An indicator value in its unit: ``12,8 %``, ``€ 2.345``, ``0,87``, ``306``."""
    if value is None:
        return MISSING
    if unit == "count":
        return count(value, lang)
    if unit == "eur":
        return money(value, lang, cents=False)
    if unit == "percent":
        return percent(value, lang, UNIT_DECIMALS[unit])
    return number(value, lang, UNIT_DECIMALS.get(unit, 1))


def indicator_change(value: Decimal | None, unit: str, lang: str = "nl") -> str:
    """A difference in the indicator's unit with its sign: ``+3,2 %-punt``, ``-€ 120``."""
    if value is None:
        return MISSING
    if unit == "count":
        return change(value, lang, 0)
    if unit == "eur":
        text = money(abs(value), lang, cents=False)
        return text if _rounded(value, 0) == 0 else ("+" if value > 0 else "-") + text
    text = change(value, lang, UNIT_DECIMALS.get(unit, 1))
    if unit == "percent":
        return f"{text} %-punt" if lang != "en" else f"{text} pp"
    return text
