"""A small network with hand-checked money for the ledger move tests (quarter 2025-Q1).

Allocations (all wmo):           Spending:
  F1  FND   -> FA     1000.00 care       S1 NOORD -> C1 200.00 care
  F2  FA    -> NOORD   600.00 care
  F3  FA    -> ZUID    300.00 care
  F4  FA    -> FA      100.00 overhead
  F5  NOORD -> C1      400.00 care
  F6  NOORD -> C2      150.00 care
  F7  ZUID  -> C3      300.00 care
NOORD received 600 and allocated 550 (50 spare); ZUID received 300 and allocated 300.
Combos: C1 (NOORD, 10 residents), C2 (NOORD, 20), C3 (ZUID, 30), CX (NOORD, ended 2024-12-31).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from saniveld import ledger
from saniveld.access import Principal
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.db import summary
from saniveld.ledger import LedgerEntry

Q = "2025-Q1"
NM = Principal("nina", "network_manager")
ADMIN = Principal("ada", "admin")
COORD = Principal("cor", "coordinator", cluster_code="NOORD")

FLOWS = [
    ("F1", "allocation", "FND", "FA", "1000.00", "care"),
    ("F2", "allocation", "FA", "NOORD", "600.00", "care"),
    ("F3", "allocation", "FA", "ZUID", "300.00", "care"),
    ("F4", "allocation", "FA", "FA", "100.00", "overhead"),
    ("F5", "allocation", "NOORD", "C1", "400.00", "care"),
    ("F6", "allocation", "NOORD", "C2", "150.00", "care"),
    ("F7", "allocation", "ZUID", "C3", "300.00", "care"),
    ("S1", "spending", "NOORD", "C1", "200.00", "care"),
]


def load(engine: sa.Engine) -> None:
    with db.transaction(engine) as conn:
        conn.execute(s.municipality.insert(), {"municipality_id": 1, "name": "Testdorp", "inhabitants": 1000})
        conn.execute(s.clusters.insert(), [{"cluster_code": c, "name": c} for c in ("NOORD", "ZUID")])
        conn.execute(s.actors.insert(), [
            {"actor_code": "FND", "name": "Gemeente", "actor_type": "funder"},
            {"actor_code": "FA", "name": "Fondsbeheer", "actor_type": "fund_administrator"},
            {"actor_code": "ORG1", "name": "Partner", "actor_type": "organisation"},
        ])
        start = dt.date(2024, 1, 1)
        conn.execute(s.combos.insert(), [
            {"combo_code": "C1", "name": "C1", "cluster_code": "NOORD", "combo_type": "wijkteam",
             "started_on": start, "ended_on": None, "residents": 10},
            {"combo_code": "C2", "name": "C2", "cluster_code": "NOORD", "combo_type": "wijkteam",
             "started_on": start, "ended_on": None, "residents": 20},
            {"combo_code": "C3", "name": "C3", "cluster_code": "ZUID", "combo_type": "wijkteam",
             "started_on": start, "ended_on": None, "residents": 30},
            {"combo_code": "CX", "name": "CX", "cluster_code": "NOORD", "combo_type": "wijkteam",
             "started_on": start, "ended_on": dt.date(2024, 12, 31), "residents": 5},
        ])
        summary.rebuild(conn)  # written directly above, not through a write path
        ledger.append_posting(
            conn, posting_key="import:1", posted_by="import", reason="import", source="import", quarter=Q,
            entries=[LedgerEntry(code, Q, kind, frm, to, Decimal(amount), "wmo", purpose)
                     for code, kind, frm, to, amount, purpose in FLOWS],
        )


def positions(conn: sa.Connection, quarter: str = Q) -> dict[tuple[str, str], Decimal]:
    """(from, to) -> current allocated amount (summed over flows)."""
    out: dict[tuple[str, str], Decimal] = {}
    for row in ledger.current_flows(conn, quarter).itertuples():
        if row.kind == "allocation":
            out[(row.from_code, row.to_code)] = out.get((row.from_code, row.to_code), Decimal(0)) + row.amount
    return out


def count(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


EDITOR_PASSWORD = "een lang genoeg wachtwoord"


def editor_app(engine: sa.Engine, db_url: str):
    """This network served as the dashboard, with nina (network manager) and cor (coordinator of
    NOORD) signing in with EDITOR_PASSWORD: the money editor's HTTP tests."""
    from saniveld import users
    from saniveld.web import create_app

    load(engine)
    with db.transaction(engine) as conn:
        users.add_user(conn, "nina", "network_manager", EDITOR_PASSWORD)
        users.add_user(conn, "cor", "coordinator", EDITOR_PASSWORD, cluster_code="NOORD")
    return create_app(db_url, config={"auth_backend": users.DatabaseAuthBackend(engine)})
