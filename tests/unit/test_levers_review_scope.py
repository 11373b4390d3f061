"""One scope's reviewed indicators (frozen when closed) and every series of a scope at once.

On tests/unit/levers_fixture.py, quarter 2025-Q2: cluster N has C1, C2 (starts 30 June) and C3
(ends 1 April) active → 3; cluster Z has C6 → 1; the network 4. Quarters with data run from
2024-Q4 (flow q0a) to 2025-Q3 (experience E9); N's active combos per quarter: 2024-Q4 C1, C3 → 2;
2025-Q1 C1, C3 → 2; 2025-Q2 → 3; 2025-Q3 C1, C2 → 2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import levers_fixture
from saniveld.db import summary
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.levers import indicator_series, indicator_series_all
from saniveld.levers import review as rv
from saniveld.levers.indicators import UnknownCluster


@pytest.fixture
def loaded(any_engine):
    with db.transaction(any_engine) as c:
        levers_fixture.load(c)
    return any_engine


def _by_code(items):
    return {i.current.code: i for i in items}


def test_reviewed_indicators_of_one_scope_keep_their_frozen_values(loaded):
    with db.connect(loaded) as c:
        before = _by_code(rv.reviewed_indicators(c, "2025-Q2", "N"))
    assert before["combos_active"].current.value == Decimal(3)
    assert not before["combos_active"].is_frozen
    with db.transaction(loaded) as c:
        rv.close_review(c, "2025-Q2", "ambtenaar")
        c.execute(s.combos.insert(), {"combo_code": "C7", "name": "C7", "cluster_code": "N",
                                      "combo_type": "wijkteam", "started_on": date(2025, 5, 1),
                                      "ended_on": None, "residents": 2})
        summary.rebuild(c)
    with db.connect(loaded) as c:
        north = _by_code(rv.reviewed_indicators(c, "2025-Q2", "N"))
        south = _by_code(rv.reviewed_indicators(c, "2025-Q2", "Z"))
        network = _by_code(rv.reviewed_indicators(c, "2025-Q2"))
    assert north["combos_active"].shown_value == Decimal(3)
    assert north["combos_active"].current.value == Decimal(4)
    assert north["combos_active"].restated
    assert south["combos_active"].shown_value == Decimal(1) and not south["combos_active"].restated
    assert network["combos_active"].shown_value == Decimal(4)
    assert network["combos_active"].current.value == Decimal(5)
    assert "role_coverage" in network and "role_coverage" not in north  # network-only indicator


def test_every_series_of_a_scope_at_once(loaded):
    with db.connect(loaded) as c:
        series = indicator_series_all(c, "N")
        assert series["combos_active"] == [("2024-Q4", Decimal(2)), ("2025-Q1", Decimal(2)),
                                           ("2025-Q2", Decimal(3)), ("2025-Q3", Decimal(2))]
        assert "role_coverage" not in series
        for code, values in series.items():
            assert values == indicator_series(c, code, "N"), code
        assert set(indicator_series_all(c)) > set(series)
        with pytest.raises(UnknownCluster):
            indicator_series_all(c, "X")
