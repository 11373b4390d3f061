"""The carrying roles (dragende rollen) at the end of a quarter: who carries what, and where not.

- :func:`role_matrix` — the roles of ``config/roles.toml`` × scopes (the network, each cluster):
  the people carrying each role, and which cells are required but empty (vacancies).
  Assignments at combo scope count in the combo's cluster.
- :func:`many_roles` — people carrying several roles at once.
- :func:`congruence` — role next to job function: how many carriers of each role have which
  function (roles, not functions, but the two should fit together).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from saniveld import settings
from saniveld.db import schema as s
from saniveld.quarters import Quarter

NETWORK = "network"


@dataclass(frozen=True)
class Carrier:
    actor_code: str
    name: str
    actor_type: str
    function: str | None
    via_combo: str | None = None  # set when the assignment is at combo scope


@dataclass(frozen=True)
class Cell:
    role_code: str
    scope: str  # "network" or a cluster code
    required: bool
    carriers: tuple[Carrier, ...] = ()

    @property
    def vacant(self) -> bool:
        return self.required and not self.carriers


@dataclass
class RoleMatrix:
    as_of: date
    roles: list[settings.Role]
    scopes: list[tuple[str, str]]  # (scope key, display name): ("network", …), then clusters
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, role_code: str, scope: str) -> Cell:
        return self.cells[(role_code, scope)]

    def vacancies(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.vacant]


def as_of(quarter: str) -> date:
    """Roles are read at the last day of the quarter."""
    return Quarter.parse(quarter).last_day


def _active_assignments(conn: sa.Connection, day: date) -> list[dict]:
    ra, a, c = s.role_assignments, s.actors, s.combos
    query = (
        sa.select(ra.c.actor_code, ra.c.role_code, ra.c.scope, ra.c.scope_code, a.c.name,
                  a.c.actor_type, a.c.function, c.c.cluster_code.label("combo_cluster"))
        .join(a, a.c.actor_code == ra.c.actor_code)
        .outerjoin(c, sa.and_(ra.c.scope == "combo", c.c.combo_code == ra.c.scope_code))
        .where(ra.c.started_on <= day, sa.or_(ra.c.ended_on.is_(None), ra.c.ended_on >= day))
        .order_by(ra.c.role_code, a.c.name, ra.c.actor_code)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _scope_key(row: dict) -> str | None:
    if row["scope"] == "network":
        return NETWORK
    if row["scope"] == "cluster":
        return row["scope_code"]
    return row["combo_cluster"]


def role_matrix(conn: sa.Connection, quarter: str, network_label: str = "Netwerk") -> RoleMatrix:
    """Every configured role × (network, each cluster) at the end of `quarter`."""
    day = as_of(quarter)
    roles = settings.roles()
    clusters = conn.execute(sa.select(s.clusters.c.cluster_code, s.clusters.c.name)
                            .order_by(s.clusters.c.cluster_code)).all()
    scopes = [(NETWORK, network_label), *((c.cluster_code, c.name) for c in clusters)]
    carriers: dict[tuple[str, str], list[Carrier]] = {}
    for row in _active_assignments(conn, day):
        key = (row["role_code"], _scope_key(row))
        carrier = Carrier(row["actor_code"], row["name"], row["actor_type"], row["function"],
                          row["scope_code"] if row["scope"] == "combo" else None)
        if all(c.actor_code != carrier.actor_code for c in carriers.get(key, [])):
            carriers.setdefault(key, []).append(carrier)
    matrix = RoleMatrix(day, roles, scopes)
    for role in roles:
        for scope, _name in scopes:
            required = (role.required_at == "network") == (scope == NETWORK)
            matrix.cells[(role.code, scope)] = Cell(
                role.code, scope, required, tuple(carriers.get((role.code, scope), ()))
            )
    return matrix


@dataclass(frozen=True)
class ManyRoles:
    actor_code: str
    name: str
    function: str | None
    roles: tuple[tuple[str, str], ...]  # (role code, scope key), sorted

    @property
    def count(self) -> int:
        return len(self.roles)


def many_roles(conn: sa.Connection, quarter: str, minimum: int = 2) -> list[ManyRoles]:
    """People (and organisations) carrying at least `minimum` role assignments at the quarter's
    end, most roles first."""
    grouped: dict[str, list[dict]] = {}
    for row in _active_assignments(conn, as_of(quarter)):
        grouped.setdefault(row["actor_code"], []).append(row)
    out = []
    for code, rows in grouped.items():
        held = tuple(sorted({(r["role_code"], _scope_key(r) or "") for r in rows}))
        if len(held) >= minimum:
            out.append(ManyRoles(code, rows[0]["name"], rows[0]["function"], held))
    return sorted(out, key=lambda m: (-m.count, m.name, m.actor_code))


@dataclass(frozen=True)
class Congruence:
    role_code: str
    function: str | None  # None: no function recorded (organisations, initiatives, unknown)
    carriers: int
    share_percent: float  # of this role's carriers


def congruence(conn: sa.Connection, quarter: str) -> list[Congruence]:
    """Per role, the functions of the people carrying it (distinct people), in role order,
    most common function first."""
    order = {r.code: i for i, r in enumerate(settings.roles())}
    people: dict[str, dict[str, str | None]] = {}
    for row in _active_assignments(conn, as_of(quarter)):
        people.setdefault(row["role_code"], {})[row["actor_code"]] = row["function"]
    out = []
    for role_code in sorted(people, key=lambda c: (order.get(c, len(order)), c)):
        counts = Counter(people[role_code].values())
        total = sum(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
        for function, n in ranked:
            out.append(Congruence(role_code, function, n, round(100 * n / total, 1)))
    return out
