"""A few clusters, funders and combos for the access tests (inserted straight into the tables)."""

from __future__ import annotations

from datetime import date

from saniveld.db import engine as db
from saniveld.db import schema as s


def seed(engine) -> None:
    with db.transaction(engine) as conn:
        conn.execute(s.clusters.insert(), [
            {"cluster_code": "NOORD", "name": "Noord"},
            {"cluster_code": "ZUID", "name": "Zuid"},
        ])
        conn.execute(s.actors.insert(), [
            {"actor_code": "FND-GEMEENTE", "name": "Gemeente", "actor_type": "funder"},
            {"actor_code": "FND-ZORGKANTOOR", "name": "Zorgkantoor", "actor_type": "funder"},
            {"actor_code": "FONDS", "name": "Fondsbeheerder", "actor_type": "fund_administrator"},
        ])
        conn.execute(s.combos.insert(), [
            {"combo_code": "C1", "name": "Combo 1", "cluster_code": "NOORD",
             "combo_type": "wijkteam", "started_on": date(2024, 1, 1), "residents": 4},
            {"combo_code": "C9", "name": "Combo 9", "cluster_code": "ZUID",
             "combo_type": "fact", "started_on": date(2024, 1, 1), "residents": 30},
        ])
