from datetime import date

import pytest

from saniveld.quarters import Quarter, is_quarter, quarter_range


def test_first_and_last_day():
    q = Quarter.parse("2024-Q1")
    assert (q.first_day, q.last_day) == (date(2024, 1, 1), date(2024, 3, 31))
    q4 = Quarter.parse("2025-Q4")
    assert (q4.first_day, q4.last_day) == (date(2025, 10, 1), date(2025, 12, 31))


def test_neighbours_cross_years():
    assert str(Quarter.parse("2025-Q1").previous()) == "2024-Q4"
    assert str(Quarter.parse("2024-Q4").next()) == "2025-Q1"
    assert Quarter.of(date(2025, 5, 31)) == Quarter(2025, 2)


@pytest.mark.parametrize("text", ["2025-Q5", "2025Q1", "25-Q1", "2025-q1", "", "2025-Q0"])
def test_bad_quarters_are_refused(text):
    assert not is_quarter(text)
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_range_is_inclusive():
    assert [str(q) for q in quarter_range("2024-Q3", "2025-Q2")] == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert quarter_range("2025-Q2", "2025-Q1") == []
