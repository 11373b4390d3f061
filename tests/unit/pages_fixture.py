"""A small hand-made network for the tests of network.py, roles.py, money.py and cluster_view.py.

Inserted directly with SQLAlchemy. Every expected value in those tests is computed by hand
from the rows below (see the comments), never from the code under test.

Quarter of interest: 2025-Q2 (1 April – 30 June 2025); 2025-Q1 for the trend.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from saniveld.db import summary
from saniveld.db import schema as s

D = dt.date
NOW = dt.datetime(2025, 7, 1, 9, 0)

ACTORS = [
    # code, name, type, function, organisation
    ("FA", "Fondsbeheer Saniveld", "fund_administrator", None, None),
    ("GEM", "Gemeente Saniveld", "funder", None, None),
    ("ZK", "Zorgkantoor", "funder", None, None),
    ("ORG1", "Welzijn Saniveld", "organisation", None, None),
    ("ORG2", "GGZ Oost", "organisation", None, None),
    ("P1", "Ans", "person", "wijkverpleegkundige", "ORG1"),
    ("P2", "Bas", "person", "manager", "ORG1"),
    ("P3", "Cor", "person", "psychiater", "ORG2"),
    ("P4", "Dirk", "person", "huisarts", None),
    ("R1", "Bewoner R1", "person", None, None),
    ("R2", "Bewoner R2", "person", None, None),
    ("R3", "Bewoner R3", "person", None, None),
    ("NI1", "Buurtkracht Noord", "neighbourhood_initiative", None, None),
]

COMBOS = [
    # code, name, cluster, type, started, ended, residents
    ("C1", "Wijkteam Noord", "NOORD", "wijkteam", D(2024, 1, 1), None, 40),
    ("C2", "F-ACT Noord", "NOORD", "fact", D(2024, 1, 1), None, 12),
    ("C3", "Huisarts Zuid", "ZUID", "huisarts", D(2024, 1, 1), None, 25),
    ("C4", "BW Zuid", "ZUID", "beschermd_wonen", D(2024, 1, 1), D(2025, 3, 31), 8),
]

MEMBERS = [
    # combo, actor, member type, resource group
    ("C1", "P1", "professional", False),
    ("C1", "R1", "resident", False),
    ("C1", "R2", "informal_carer", True),
    ("C2", "P3", "professional", False),
    ("C2", "R3", "resident", False),
    ("C2", "P1", "professional", False),
    ("C3", "P4", "professional", False),
    ("C3", "R2", "volunteer", True),
    ("C4", "P3", "professional", False),
]

ROLE_ASSIGNMENTS = [
    # actor, role, scope, scope code, started, ended
    ("P2", "uitdragend_leider", "network", None, D(2024, 1, 1), None),
    ("P2", "inrichtend_manager", "network", None, D(2024, 1, 1), None),
    ("P2", "meewerkend_coordinator", "cluster", "NOORD", D(2024, 1, 1), None),
    ("P1", "meewerkend_coordinator", "cluster", "ZUID", D(2024, 1, 1), D(2025, 3, 31)),
    ("P3", "meewerkend_raadgever", "network", None, D(2025, 1, 1), None),
    ("ORG1", "ondersteunende_netwerkpartner", "network", None, D(2024, 1, 1), None),
    ("NI1", "betrokken_buurt", "cluster", "NOORD", D(2024, 1, 1), None),
    ("P4", "betrokken_buurt", "combo", "C3", D(2025, 7, 1), None),
]
# In 2025-Q2 (end 2025-06-30): ZUID has no coordinator (P1 ended 31 March) and no involved
# neighbourhood (P4 starts 1 July); every network role is carried; P2 carries three roles.

FLOWS = [
    # flow, quarter, kind, from, to, amount, stream, purpose
    ("F1", "2025-Q2", "allocation", "GEM", "FA", "1000.00", "wmo", "care"),
    ("F2", "2025-Q2", "allocation", "ZK", "FA", "500.00", "wlz", "care"),
    ("F3", "2025-Q2", "allocation", "FA", "NOORD", "600.00", "wmo", "care"),
    ("F4", "2025-Q2", "allocation", "FA", "ZUID", "400.00", "wlz", "care"),  # adjusted -50
    ("F5", "2025-Q2", "allocation", "FA", "ORG2", "300.00", "wlz", "care"),
    ("F6", "2025-Q2", "allocation", "FA", "FA", "120.00", "wmo", "overhead"),
    ("F7", "2025-Q2", "allocation", "NOORD", "C1", "400.00", "wmo", "care"),
    ("F8", "2025-Q2", "allocation", "NOORD", "C2", "150.00", "wmo", "care"),
    ("F9", "2025-Q2", "allocation", "ZUID", "C3", "300.00", "wlz", "care"),
    ("F10", "2025-Q2", "spending", "C1", "C1", "380.00", "wmo", "care"),
    ("F11", "2025-Q2", "spending", "C3", "C3", "310.00", "wlz", "care"),
    ("F12", "2025-Q2", "allocation", "FA", "NOORD", "999.00", "wmo", "care"),  # reversed
    ("F20", "2025-Q1", "allocation", "GEM", "FA", "800.00", "wmo", "care"),
    ("F21", "2025-Q1", "allocation", "FA", "FA", "100.00", "wmo", "overhead"),
    ("F22", "2025-Q1", "spending", "C1", "C1", "200.00", "wmo", "care"),
]

EXPERIENCES = [
    ("E1", "C1", D(2025, 4, 10), "mental_wellbeing", "self"),
    ("E2", "C1", D(2025, 5, 1), "participation", "network"),
    ("E3", "C1", D(2025, 2, 1), "participation", "professional"),  # Q1
    ("E4", "C3", D(2025, 6, 30), "participation", "network"),
    ("E5", "C2", D(2025, 4, 2), "meaningfulness", "self"),
]


def insert_small_network(conn: sa.Connection) -> None:
    """Insert the rows above into an empty database (schema created)."""
    conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": "Saniveld",
                                           "inhabitants": 18000, "general_practitioners": 10})
    conn.execute(s.clusters.insert(), [{"cluster_code": "NOORD", "name": "Noord"},
                                       {"cluster_code": "ZUID", "name": "Zuid"}])
    conn.execute(s.actors.insert(), [
        dict(zip(("actor_code", "name", "actor_type", "function", "organisation_code"), a))
        for a in ACTORS
    ])
    conn.execute(s.combos.insert(), [
        dict(zip(("combo_code", "name", "cluster_code", "combo_type", "started_on", "ended_on",
                  "residents"), c))
        for c in COMBOS
    ])
    conn.execute(s.combo_members.insert(), [
        dict(zip(("combo_code", "actor_code", "member_type", "resource_group"), m))
        for m in MEMBERS
    ])
    conn.execute(s.role_assignments.insert(), [
        dict(zip(("actor_code", "role_code", "scope", "scope_code", "started_on", "ended_on"), r))
        for r in ROLE_ASSIGNMENTS
    ])
    conn.execute(s.ledger_postings.insert(), {
        "posting_key": "test", "quarter": None, "posted_by": "test", "posted_at": NOW,
        "reason": "fixture", "source": "import",
    })
    ids = {}
    for i, (code, quarter, kind, src, dst, amount, stream, purpose) in enumerate(FLOWS, start=1):
        ids[code] = i
        conn.execute(s.money_flows.insert(), _entry(i, code, quarter, kind, src, dst, amount,
                                                    stream, purpose, "post", None))
    n = len(FLOWS)
    f4 = FLOWS[3]
    conn.execute(s.money_flows.insert(), _entry(n + 1, *f4[:5], "-50.00", *f4[6:], "adjustment",
                                                ids["F4"]))
    f12 = FLOWS[11]
    conn.execute(s.money_flows.insert(), _entry(n + 2, *f12[:5], "-999.00", *f12[6:], "reversal",
                                                ids["F12"]))
    conn.execute(s.experiences.insert(), [
        dict(zip(("experience_code", "combo_code", "occurred_on", "dimension", "organised_by"), e))
        for e in EXPERIENCES
    ])
    summary.rebuild(conn)  # written directly above, not through a write path


def _entry(entry_id, code, quarter, kind, src, dst, amount, stream, purpose, entry_type, corrects):
    return {
        "entry_id": entry_id, "flow_code": code, "quarter": quarter, "kind": kind,
        "from_code": src, "to_code": dst, "amount": Decimal(amount), "stream": stream,
        "purpose": purpose, "entry_type": entry_type, "corrects_entry_id": corrects,
        "posting_key": "test", "posted_by": "test", "posted_at": NOW, "reason": "fixture",
    }


def small_network_app(db_url: str, principals, password: str, more=None):
    """The Dash app over a fresh database at `db_url` holding the small network (and whatever
    `more(conn)` adds), with `principals` as its users, each with `password` (an in-memory user
    store). Sign in with :func:`saniveld.web.testing.signed_in_client`."""
    from saniveld.db import engine as db
    from saniveld.web import auth, create_app

    engine = db.command_engine(db_url)
    db.create_schema(engine)
    with db.transaction(engine) as conn:
        insert_small_network(conn)
        if more is not None:
            more(conn)
        db.bump_data_version(conn)
    engine.dispose()
    backend = auth.MemoryAuthBackend.with_passwords([(p, password) for p in principals])
    return create_app(db_url, config={"auth_backend": backend})
