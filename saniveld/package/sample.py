"""A small valid data package for tests: ``SAMPLE`` (rows per file) and :func:`write_package`.

Rows are given in canonical form (text cells, key order), so that exporting an import of this
package gives exactly the files :func:`write_package` writes.
"""

from __future__ import annotations

import copy
from pathlib import Path

from saniveld.package.spec import FILES, FILES_BY_NAME, write_csv

SAMPLE: dict[str, list[dict[str, str]]] = {
    "municipality": [{"name": "Saniveld", "inhabitants": "18000", "general_practitioners": "10"}],
    "clusters": [
        {"cluster_code": "NOORD", "name": "Saniveld-Noord"},
        {"cluster_code": "ZUID", "name": "Saniveld-Zuid"},
    ],
    "actors": [
        {"actor_code": "FA", "name": "Stichting Fondsbeheer Saniveld", "actor_type": "fund_administrator"},
        {"actor_code": "FUND-WMO", "name": "Gemeente Saniveld (Wmo)", "actor_type": "funder"},
        {"actor_code": "FUND-ZVW", "name": "Zorgverzekeraar Zuid", "actor_type": "funder"},
        {"actor_code": "ORG-WZ", "name": "Welzijn Saniveld", "actor_type": "organisation"},
        {
            "actor_code": "P-001",
            "name": "Anna de Vries",
            "actor_type": "person",
            "function": "wijkverpleegkundige",
            "organisation_code": "ORG-WZ",
        },
        {"actor_code": "P-002", "name": "Bram Jansen", "actor_type": "person", "function": "huisarts"},
        {"actor_code": "R0001", "name": "Bewoner R0001", "actor_type": "person"},
    ],
    "combos": [
        {
            "combo_code": "CMB-N-001",
            "name": "Wijkteam Noord",
            "cluster_code": "NOORD",
            "combo_type": "wijkteam",
            "started_on": "2024-01-01",
            "residents": "40",
        },
        {
            "combo_code": "CMB-Z-001",
            "name": "Huisartscombo Zuid",
            "cluster_code": "ZUID",
            "combo_type": "huisarts",
            "started_on": "2024-01-01",
            "ended_on": "2025-06-30",
            "residents": "12",
        },
    ],
    "combo_members": [
        {"combo_code": "CMB-N-001", "actor_code": "P-001", "member_type": "professional", "resource_group": "true"},
        {"combo_code": "CMB-N-001", "actor_code": "R0001", "member_type": "resident", "resource_group": "false"},
        {"combo_code": "CMB-Z-001", "actor_code": "P-002", "member_type": "professional", "resource_group": "false"},
    ],
    "role_assignments": [
        {"actor_code": "P-001", "role_code": "meewerkend_coordinator", "scope": "cluster",
         "scope_code": "NOORD", "started_on": "2024-01-01"},
        {"actor_code": "P-002", "role_code": "uitdragend_leider", "scope": "network",
         "started_on": "2024-01-01", "ended_on": "2025-12-31"},
    ],
    "money_flows": [
        {"flow_code": "F-0001", "quarter": "2025-Q1", "kind": "allocation", "from_code": "FUND-WMO",
         "to_code": "FA", "amount": "500000.00", "stream": "wmo", "purpose": "care"},
        {"flow_code": "F-0002", "quarter": "2025-Q1", "kind": "allocation", "from_code": "FA",
         "to_code": "NOORD", "amount": "300000.00", "stream": "wmo", "purpose": "care"},
        {"flow_code": "F-0003", "quarter": "2025-Q1", "kind": "allocation", "from_code": "FA",
         "to_code": "FA", "amount": "60000.50", "stream": "wmo", "purpose": "overhead"},
        {"flow_code": "F-0004", "quarter": "2025-Q1", "kind": "allocation", "from_code": "NOORD",
         "to_code": "CMB-N-001", "amount": "250000.00", "stream": "wmo", "purpose": "care"},
        {"flow_code": "F-0005", "quarter": "2025-Q2", "kind": "spending", "from_code": "CMB-N-001",
         "to_code": "ORG-WZ", "amount": "1234.56", "stream": "wmo", "purpose": "care"},
        {"flow_code": "F-0006", "quarter": "2025-Q2", "kind": "allocation", "from_code": "FUND-ZVW",
         "to_code": "FA", "amount": "75000.00", "stream": "zvw", "purpose": "innovation"},
    ],
    "experiences": [
        {"experience_code": "E-0001", "combo_code": "CMB-N-001", "occurred_on": "2025-02-14",
         "dimension": "participation", "organised_by": "network"},
        {"experience_code": "E-0002", "combo_code": "CMB-Z-001", "occurred_on": "2025-05-02",
         "dimension": "mental_wellbeing", "organised_by": "self"},
    ],
}


def sample() -> dict[str, list[dict[str, str]]]:
    """A deep copy of SAMPLE that a test may change freely."""
    return copy.deepcopy(SAMPLE)


def write_package(folder: Path | str, data: dict[str, list[dict[str, str]]] | None = None) -> Path:
    """Write ``data`` (default SAMPLE) as a package folder in canonical form; returns the folder."""
    folder = Path(folder)
    data = SAMPLE if data is None else data
    for spec in FILES:
        if spec.name in data:
            write_csv(folder, FILES_BY_NAME[spec.name], data[spec.name])
    return folder
