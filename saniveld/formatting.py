"""Numbers, money, dates and quarters as people in the Netherlands read them (Babel/CLDR).

Choices, so that every screen and test agrees:
- Dutch uses a plain space (U+0020) where CLDR has a no-break space: ``€ 1.234.567,89`` and
  ``12,8 %``. Screens keep a number on one line with CSS (``.num { white-space: nowrap }``),
  not with invisible characters that break copy-paste and text search.
- English (``en_GB`` conventions, euros): ``€1,234,567.89`` and ``12.8%``.
- Rounding is half-up (12,85 → 12,9), as people round by hand; Babel alone rounds half-even.
- A missing value (``None``) is shown as an em dash, :data:`MISSING`; the screen reader text
  for it is the message ``common.no_data`` ("geen gegevens").
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from saniveld.quarters import Quarter

MISSING = "—"

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _locale(lang: str) -> str:
    return _LOCALES.get(lang, _LOCALES["nl"])


def _plain_spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _rounded(value, decimals: int) -> Decimal:
    """Half-up rounding to `decimals` places, without a negative zero."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@lru_cache(maxsize=8192, typed=True)  # pure: a screen shows the same values again and again
def money(value: Decimal | int | None, lang: str = "nl", *, cents: bool = True) -> str:
    """``Decimal('1234567.89')`` → ``€ 1.234.567,89`` (nl) / ``€1,234,567.89`` (en)."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        raise TypeError("money is Decimal, never float")
    decimals = 2 if cents else 0
    amount = _rounded(value, decimals)
    if lang == "en":
        pattern = "¤" + _pattern(decimals)
    else:
        pattern = f"¤ {_pattern(decimals)};¤ -{_pattern(decimals)}"
    text = format_currency(
        amount, "EUR", format=pattern, locale=_locale(lang), currency_digits=False
    )
    return _plain_spaces(text)


@lru_cache(maxsize=8192, typed=True)  # pure: a screen shows the same values again and again
def number(value: Decimal | float | int | None, lang: str = "nl", decimals: int = 1) -> str:
    """``1234.5`` → ``1.234,5`` (nl) / ``1,234.5`` (en)."""
    if value is None:
        return MISSING
    return _plain_spaces(
        format_decimal(_rounded(value, decimals), format=_pattern(decimals), locale=_locale(lang))
    )


def count(value: int | None, lang: str = "nl") -> str:
    """A whole number of things: ``18000`` → ``18.000`` (nl) / ``18,000`` (en)."""
    if value is None:
        return MISSING
    return number(value, lang, decimals=0)


@lru_cache(maxsize=8192, typed=True)  # pure: a screen shows the same values again and again
def percent(value: Decimal | float | int | None, lang: str = "nl", decimals: int = 1) -> str:
    """A value already in percent: ``12.84`` → ``12,8 %`` (nl) / ``12.8%`` (en)."""
    if value is None:
        return MISSING
    text = number(value, lang, decimals)
    return f"{text}%" if lang == "en" else f"{text} %"


def change(value: Decimal | float | int | None, lang: str = "nl", decimals: int = 1) -> str:
    """A movement with its sign always shown: ``+1,2``, ``-0,4``, ``0,0``."""
    if value is None:
        return MISSING
    text = number(value, lang, decimals)
    return text if text.startswith("-") or _rounded(value, decimals) == 0 else f"+{text}"


def date(value: _dt.date | None, lang: str = "nl") -> str:
    """``date(2025, 3, 5)`` → ``5 maart 2025`` (nl) / ``5 March 2025`` (en)."""
    if value is None:
        return MISSING
    if isinstance(value, _dt.datetime):
        value = value.date()
    return format_date(value, format="long", locale=_locale(lang))


def quarter_label(quarter: Quarter | str | None, lang: str = "nl") -> str:
    """``2025-Q3`` → ``3e kwartaal 2025`` (nl) / ``Q3 2025`` (en)."""
    if quarter is None:
        return MISSING
    q = Quarter.parse(quarter) if isinstance(quarter, str) else quarter
    if lang == "en":
        return f"Q{q.number} {q.year}"
    return f"{q.number}e kwartaal {q.year}"


# -- indicators (the reports and the screens show a value the same way) -------------------------

UNIT_DECIMALS = {"percent": 1, "ratio": 2, "per_1000_inhabitants": 1, "per_100_residents": 1}


def indicator_value(value, unit: str, lang: str = "nl") -> str:
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


def indicator_change(value, unit: str, lang: str = "nl") -> str:
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


# -- unit words (the reports name an indicator's unit) ------------------------------------------

UNIT_WORDS = {
    "nl": {"count": "aantal", "percent": "procent", "ratio": "verhouding",
           "per_1000_inhabitants": "per 1000 inwoners", "per_100_residents": "per 100 bewoners",
           "eur": "euro"},
    "en": {"count": "count", "percent": "percent", "ratio": "ratio",
           "per_1000_inhabitants": "per 1000 inhabitants", "per_100_residents": "per 100 residents",
           "eur": "euro"},
}
# A ratio's unit word says its range: in words in running text (the PDF), short in a table cell
# (the workbook).
RATIO_RANGE = {"text": {"nl": "van 0 tot 1", "en": "from 0 to 1"},
               "cell": {"nl": "(0-1)", "en": "(0-1)"}}


def unit_word(unit: str, lang: str = "nl", style: str = "text") -> str:
    """The name of an indicator's unit: ``per_1000_inhabitants`` → ``per 1000 inwoners``.

    A ratio carries its range, worded for `style` ``text`` (``verhouding van 0 tot 1``) or
    ``cell`` (``verhouding (0-1)``). An unknown unit is shown as its code."""
    key = "en" if lang == "en" else "nl"
    word = UNIT_WORDS[key].get(unit, unit)
    return f"{word} {RATIO_RANGE[style][key]}" if unit == "ratio" else word
