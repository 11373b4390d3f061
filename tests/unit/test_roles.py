"""roles.py on the small hand-made network (tests/unit/pages_fixture.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from pages_fixture import insert_small_network
from saniveld import roles
from saniveld.db import engine as db


@pytest.fixture
def conn(engine):
    with db.transaction(engine) as c:
        insert_small_network(c)
    with db.connect(engine) as c:
        yield c


def _names(cell):
    return [c.name for c in cell.carriers]


def test_matrix_has_every_role_by_network_and_each_cluster(conn):
    m = roles.role_matrix(conn, "2025-Q2")
    assert m.as_of == dt.date(2025, 6, 30)
    assert [code for code, _ in m.scopes] == ["network", "NOORD", "ZUID"]
    assert len(m.cells) == 6 * 3
    assert _names(m.cell("uitdragend_leider", "network")) == ["Bas"]
    assert _names(m.cell("ondersteunende_netwerkpartner", "network")) == ["Welzijn Saniveld"]
    assert _names(m.cell("meewerkend_coordinator", "NOORD")) == ["Bas"]
    assert _names(m.cell("betrokken_buurt", "NOORD")) == ["Buurtkracht Noord"]


def test_vacancies_are_required_cells_nobody_carries_at_the_end_of_the_quarter(conn):
    q2 = roles.role_matrix(conn, "2025-Q2")
    assert [(c.role_code, c.scope) for c in q2.vacancies()] == [
        ("meewerkend_coordinator", "ZUID"),  # Ans stopped on 31 March
        ("betrokken_buurt", "ZUID"),  # Dirk starts on 1 July
    ]
    # A network role is not required in a cluster: empty there, but not vacant.
    cell = q2.cell("uitdragend_leider", "NOORD")
    assert not cell.required and not cell.vacant
    # On 31 March Ans still coordinated Zuid (the end date is inclusive).
    q1 = roles.role_matrix(conn, "2025-Q1")
    assert [(c.role_code, c.scope) for c in q1.vacancies()] == [("betrokken_buurt", "ZUID")]
    assert _names(q1.cell("meewerkend_coordinator", "ZUID")) == ["Ans"]


def test_a_combo_scope_assignment_counts_in_the_combos_cluster(conn):
    q3 = roles.role_matrix(conn, "2025-Q3")
    (carrier,) = q3.cell("betrokken_buurt", "ZUID").carriers
    assert (carrier.name, carrier.via_combo) == ("Dirk", "C3")


def test_people_carrying_many_roles(conn):
    (bas,) = roles.many_roles(conn, "2025-Q2")
    assert (bas.name, bas.function, bas.count) == ("Bas", "manager", 3)
    assert bas.roles == (
        ("inrichtend_manager", "network"),
        ("meewerkend_coordinator", "NOORD"),
        ("uitdragend_leider", "network"),
    )
    assert roles.many_roles(conn, "2025-Q2", minimum=4) == []


def test_congruence_of_role_and_function(conn):
    rows = [(r.role_code, r.function, r.carriers, r.share_percent)
            for r in roles.congruence(conn, "2025-Q1")]
    assert rows == [
        ("uitdragend_leider", "manager", 1, 100.0),
        ("inrichtend_manager", "manager", 1, 100.0),
        ("meewerkend_raadgever", "psychiater", 1, 100.0),
        ("meewerkend_coordinator", "manager", 1, 50.0),
        ("meewerkend_coordinator", "wijkverpleegkundige", 1, 50.0),
        ("ondersteunende_netwerkpartner", None, 1, 100.0),
        ("betrokken_buurt", None, 1, 100.0),
    ]
