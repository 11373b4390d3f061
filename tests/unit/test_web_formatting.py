"""Numbers as people in the Netherlands read them; every expected string is written by hand."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from saniveld.quarters import Quarter
from saniveld.web import formatting as f


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("1234567.89"), "nl", "€ 1.234.567,89"),
        (Decimal("1234567.89"), "en", "€1,234,567.89"),
        (Decimal("-1234.5"), "nl", "€ -1.234,50"),
        (Decimal("-1234.5"), "en", "-€1,234.50"),
        (Decimal("0"), "nl", "€ 0,00"),
        (7, "nl", "€ 7,00"),
        (Decimal("0.005"), "nl", "€ 0,01"),  # half-up, not half-even (which gives € 0,00)
        (Decimal("999.995"), "nl", "€ 1.000,00"),
    ],
)
def test_money(value, lang, expected):
    assert f.money(value, lang) == expected


def test_money_uses_plain_spaces_only():
    text = f.money(Decimal("1234567.89"), "nl")
    assert text[1] == " " and "\u00a0" not in text and "\u202f" not in text


def test_money_whole_euros():
    assert f.money(Decimal("1234567.50"), "nl", cents=False) == "€ 1.234.568"
    assert f.money(Decimal("1234567.49"), "en", cents=False) == "€1,234,567"


def test_money_refuses_floats_and_shows_missing_as_a_dash():
    with pytest.raises(TypeError):
        f.money(1.5, "nl")
    assert f.money(None, "nl") == "—"


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (12.84, "nl", 1, "12,8 %"),
        (12.84, "en", 1, "12.8%"),
        (12.85, "nl", 1, "12,9 %"),  # half-up
        (Decimal("15"), "nl", 0, "15 %"),
        (-0.04, "nl", 1, "0,0 %"),  # no negative zero
        (1234.5, "nl", 1, "1.234,5 %"),
    ],
)
def test_percent(value, lang, decimals, expected):
    assert f.percent(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "nl", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (Decimal("2.25"), "nl", 1, "2,3"),  # Babel alone would round half-even to 2,2
        (Decimal("0.125"), "en", 2, "0.13"),
        (3, "nl", 2, "3,00"),
    ],
)
def test_number(value, lang, decimals, expected):
    assert f.number(value, lang, decimals) == expected


def test_count():
    assert f.count(18000, "nl") == "18.000"
    assert f.count(18000, "en") == "18,000"
    assert f.count(0, "nl") == "0"
    assert f.count(None, "nl") == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.2, "+1,2"), (-0.44, "-0,4"), (0.04, "0,0"), (-0.04, "0,0"), (Decimal("10"), "+10,0")],
)
def test_change_always_shows_its_sign(value, expected):
    assert f.change(value, "nl") == expected


def test_date():
    assert f.date(date(2025, 3, 5), "nl") == "5 maart 2025"
    assert f.date(date(2025, 3, 5), "en") == "5 March 2025"
    assert f.date(datetime(2025, 12, 31, 23, 59), "nl") == "31 december 2025"
    assert f.date(None, "en") == "—"


def test_quarter_label():
    assert f.quarter_label("2025-Q3", "nl") == "3e kwartaal 2025"
    assert f.quarter_label("2025-Q3", "en") == "Q3 2025"
    assert f.quarter_label(Quarter(2024, 1), "nl") == "1e kwartaal 2024"
    assert f.quarter_label(None, "nl") == "—"
    with pytest.raises(ValueError):
        f.quarter_label("2025-Q5", "nl")


def test_unknown_language_falls_back_to_dutch():
    assert f.money(Decimal("1.5"), "fr") == "€ 1,50"


def test_unit_word_names_the_unit_and_a_ratio_its_range():
    from saniveld.formatting import unit_word

    assert unit_word("per_1000_inhabitants") == "per 1000 inwoners"
    assert unit_word("per_100_residents", "en") == "per 100 residents"
    assert unit_word("ratio") == "verhouding van 0 tot 1"
    assert unit_word("ratio", "en") == "ratio from 0 to 1"
    assert unit_word("ratio", "nl", style="cell") == "verhouding (0-1)"
    assert unit_word("ratio", "en", style="cell") == "ratio (0-1)"
    assert unit_word("percent", "fr", style="cell") == "procent"
    assert unit_word("furlongs", "en") == "furlongs"
