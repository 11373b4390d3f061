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
from collections.abc import Mapping
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


def _required(role: settings.Role, scope: str) -> bool:
    return (role.required_at == "network") == (scope == NETWORK)


class Cells(Mapping):
    """(role code, scope) → :class:`Cell`, every role × every scope, made when asked for: with
    thousands of clusters most cells are never looked at (the page shows the first 200)."""

    def __init__(self, roles: list[settings.Role], scopes: list[tuple[str, str]],
                 carriers: dict[tuple[str, str], tuple[Carrier, ...]]):
        self._roles = {r.code: r for r in roles}
        self._scopes = [code for code, _ in scopes]
        self._known = set(self._scopes)
        self._carriers = carriers

    def __getitem__(self, key: tuple[str, str]) -> Cell:
        role_code, scope = key
        if role_code not in self._roles or scope not in self._known:
            raise KeyError(key)
        return Cell(role_code, scope, _required(self._roles[role_code], scope),
                    self._carriers.get(key, ()))

    def __iter__(self):
        return ((role, scope) for role in self._roles for scope in self._scopes)

    def __len__(self) -> int:
        return len(self._roles) * len(self._scopes)

    def vacant(self) -> list[Cell]:
        """The required cells nobody carries, role by role, scope by scope."""
        return [Cell(code, scope, True) for code, role in self._roles.items()
                for scope in self._scopes
                if (code, scope) not in self._carriers and _required(role, scope)]


@dataclass
class RoleMatrix:
    as_of: date
    roles: list[settings.Role]
    scopes: list[tuple[str, str]]  # (scope key, display name): ("network", …), then clusters
    cells: Mapping[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, role_code: str, scope: str) -> Cell:
        return self.cells[(role_code, scope)]

    def vacancies(self) -> list[Cell]:
        if isinstance(self.cells, Cells):
            return self.cells.vacant()
        return [c for c in self.cells.values() if c.vacant]


def as_of(quarter: str) -> date:
    """Roles are read at the last day of the quarter."""
    return Quarter.parse(quarter).last_day


def _active(day: date):
    ra = s.role_assignments
    return sa.and_(ra.c.started_on <= day, sa.or_(ra.c.ended_on.is_(None), ra.c.ended_on >= day))


def _scope_key_column():
    """The matrix scope of an assignment in SQL: "network", the cluster, or the combo's cluster."""
    ra, c = s.role_assignments, s.combos
    return sa.case((ra.c.scope == "network", NETWORK), (ra.c.scope == "cluster", ra.c.scope_code),
                   else_=c.c.cluster_code)


def _with_combo_cluster(query: sa.Select) -> sa.Select:
    ra, c = s.role_assignments, s.combos
    return query.outerjoin(c, sa.and_(ra.c.scope == "combo", c.c.combo_code == ra.c.scope_code))


_ASSIGNMENT_KEYS = ("actor_code", "role_code", "scope", "scope_code", "name", "actor_type",
                    "function", "combo_cluster")


def _active_assignments(conn: sa.Connection, day: date) -> list[dict]:
    ra, a, c = s.role_assignments, s.actors, s.combos
    query = _with_combo_cluster(
        sa.select(ra.c.actor_code, ra.c.role_code, ra.c.scope, ra.c.scope_code, a.c.name,
                  a.c.actor_type, a.c.function, c.c.cluster_code.label("combo_cluster"))
        .select_from(ra).join(a, a.c.actor_code == ra.c.actor_code)
    ).where(_active(day)).order_by(ra.c.role_code, a.c.name, ra.c.actor_code)
    return [dict(zip(_ASSIGNMENT_KEYS, r)) for r in conn.execute(query).all()]


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
    seen: set[tuple[str, str | None, str]] = set()
    for row in _active_assignments(conn, day):
        key = (row["role_code"], _scope_key(row))
        if (*key, row["actor_code"]) in seen:  # one carrier once per cell
            continue
        seen.add((*key, row["actor_code"]))
        carriers.setdefault(key, []).append(Carrier(
            row["actor_code"], row["name"], row["actor_type"], row["function"],
            row["scope_code"] if row["scope"] == "combo" else None))
    frozen = {key: tuple(found) for key, found in carriers.items()}
    return RoleMatrix(day, roles, scopes, Cells(roles, scopes, frozen))


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
    end, most roles first. Counted in the database: only those people's roles are fetched."""
    ra, a = s.role_assignments, s.actors
    held = _with_combo_cluster(
        sa.select(ra.c.actor_code, ra.c.role_code,
                  sa.func.coalesce(_scope_key_column(), "").label("scope_key")).select_from(ra)
    ).where(_active(as_of(quarter))).distinct().subquery("held")
    many = (sa.select(held.c.actor_code).group_by(held.c.actor_code)
            .having(sa.func.count() >= minimum))
    query = (sa.select(held.c.actor_code, a.c.name, a.c.function, held.c.role_code,
                       held.c.scope_key)
             .join(a, a.c.actor_code == held.c.actor_code)
             .where(held.c.actor_code.in_(many)))
    grouped: dict[str, list] = {}
    for row in conn.execute(query).all():
        grouped.setdefault(row[0], []).append(row)
    out = [ManyRoles(code, rows[0][1], rows[0][2], tuple(sorted((r[3], r[4]) for r in rows)))
           for code, rows in grouped.items()]
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
    ra, a = s.role_assignments, s.actors
    carriers = (sa.select(ra.c.role_code, ra.c.actor_code).where(_active(as_of(quarter)))
                .distinct().subquery("carriers"))
    people: dict[str, Counter] = {}
    for role_code, function, n in conn.execute(
        sa.select(carriers.c.role_code, a.c.function, sa.func.count())
        .join(a, a.c.actor_code == carriers.c.actor_code)
        .group_by(carriers.c.role_code, a.c.function)
    ).all():
        people.setdefault(role_code, Counter())[function] += n
    out = []
    for role_code in sorted(people, key=lambda c: (order.get(c, len(order)), c)):
        counts = people[role_code]
        total = sum(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
        for function, n in ranked:
            out.append(Congruence(role_code, function, n, round(100 * n / total, 1)))
    return out
