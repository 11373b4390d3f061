"""Who may see and change what: the one module that decides every permission.

DESIGN.md's users table, as code:

=================  =====================================================  ==========================
role               sees                                                   may change
=================  =====================================================  ==========================
official           everything aggregated; combos as counts per cluster     review notes, decisions,
                                                                          initiatives
funder (one        aggregates, and the flows that start from its own      nothing
funder actor)      money in detail (:func:`funder_flow_mask`)
network_manager    everything                                             money flows, quarter lock,
                                                                          initiatives
coordinator (one   its own cluster in full detail; elsewhere what an      notes on its own combos
cluster)           official sees
admin              everything                                             users, imports, settings,
                                                                          reopening a locked quarter
=================  =====================================================  ==========================

Privacy comes on top of "sees everything": small counts and residents' actor codes are shown
only inside the combo's own cluster, i.e. to that cluster's coordinator
(:func:`inside_cluster`; the counts themselves are suppressed by :mod:`saniveld.privacy`).

Targets: cluster-scoped actions take the cluster code; funder-scoped actions the funder's
actor code; :attr:`Action.EDIT_COMBO_NOTES` a :class:`Combo` (code and cluster), so this module
needs no database. Asked with target :data:`ANY`, a scoped action answers "may this role do it
on some target" — the question ``auth.data_callback`` asks before a callback runs; the callback
must then ask again with the target taken from its inputs (``auth.require``). A scoped action
with target None (a forged empty input) is refused, as is anything unknown (role, action,
target shape): fail closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping

import pandas as pd

ROLES = ("official", "funder", "network_manager", "coordinator", "admin")
EVERYTHING = frozenset({"network_manager", "admin"})  # roles that see all detail


class Forbidden(Exception):
    """The principal may not do this action on this target."""

    def __init__(self, principal: "Principal | None", action: str, target: object = None):
        self.principal = principal
        self.action = action
        self.target = target
        who = principal.username if principal else "anonymous"
        super().__init__(f"{who} may not {action} {'' if target is None else target}".strip())


@dataclass(frozen=True)
class Principal:
    """A signed-in user (mirrors the ``users`` table)."""

    username: str
    role: str  # official | funder | network_manager | coordinator | admin
    display_name: str | None = None
    cluster_code: str | None = None  # coordinators: their one cluster
    funder_code: str | None = None  # funders: their funder actor
    user_id: int | None = None

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class Combo:
    """The target of a combo-scoped action: which combo, in which cluster."""

    combo_code: str
    cluster_code: str

    def __str__(self) -> str:
        return self.combo_code


class Action(StrEnum):
    """Everything a page, callback, download or command asks permission for."""

    VIEW_OVERVIEW = "view_overview"  # header context: municipality, quarters
    VIEW_REVIEW = "view_review"
    EDIT_REVIEW = "edit_review"  # review notes, decisions
    EDIT_INITIATIVES = "edit_initiatives"
    VIEW_NETWORK = "view_network"
    VIEW_ROLES = "view_roles"
    VIEW_MONEY = "view_money"  # aggregates; flow detail through funder_flow_mask
    MOVE_MONEY = "move_money"
    LOCK_QUARTER = "lock_quarter"
    REOPEN_QUARTER = "reopen_quarter"  # undo a quarter lock: an audited admin action
    VIEW_CLUSTER = "view_cluster"  # target: cluster code (the aggregate cluster page)
    VIEW_CLUSTER_DETAIL = "view_cluster_detail"  # target: cluster code (combo detail)
    VIEW_PERSONS = "view_persons"  # target: cluster code (residents' actor codes)
    VIEW_FUNDER_DETAIL = "view_funder_detail"  # target: funder actor code
    EDIT_COMBO_NOTES = "edit_combo_notes"  # target: Combo
    IMPORT_PACKAGE = "import_package"
    EXPORT_PACKAGE = "export_package"  # the full package holds person-level data
    EXPORT_REPORT = "export_report"  # reports are scoped and suppressed like the pages
    MANAGE_USERS = "manage_users"
    EDIT_SETTINGS = "edit_settings"


A = Action
ALL = frozenset(ROLES)

# Actions whose answer depends on the role only.
_BY_ROLE: dict[Action, frozenset[str]] = {
    A.VIEW_OVERVIEW: ALL,
    A.VIEW_REVIEW: ALL,
    A.VIEW_NETWORK: ALL,
    A.VIEW_ROLES: ALL,
    A.VIEW_MONEY: ALL,
    A.EXPORT_REPORT: ALL,
    A.EDIT_REVIEW: frozenset({"official"}),
    A.EDIT_INITIATIVES: frozenset({"official", "network_manager"}),
    A.MOVE_MONEY: frozenset({"network_manager"}),
    A.LOCK_QUARTER: frozenset({"network_manager"}),
    A.REOPEN_QUARTER: frozenset({"admin"}),
    A.IMPORT_PACKAGE: frozenset({"admin"}),
    A.EXPORT_PACKAGE: frozenset({"admin"}),
    A.MANAGE_USERS: frozenset({"admin"}),
    A.EDIT_SETTINGS: frozenset({"admin"}),
}


class _AnyTarget:
    """The target of the callback gate's question: "on some target" (see the module doc)."""

    def __repr__(self) -> str:
        return "ANY"


ANY = _AnyTarget()

# Scoped actions asked with target ANY (``data_callback``'s gate): the roles that may do them
# on *some* target. The callback must then ask again with the target from its inputs.
_SCOPED_ROLES: dict[Action, frozenset[str]] = {
    A.VIEW_CLUSTER: ALL,
    A.VIEW_CLUSTER_DETAIL: frozenset({"network_manager", "admin", "coordinator"}),
    A.VIEW_PERSONS: frozenset({"coordinator"}),
    A.VIEW_FUNDER_DETAIL: frozenset({"network_manager", "admin", "funder"}),
    A.EDIT_COMBO_NOTES: frozenset({"coordinator"}),
}


def _valid(principal: Principal | None) -> bool:
    """A principal of a known role with its binding (coordinator: cluster; funder: funder)."""
    if principal is None or principal.role not in ROLES:
        return False
    if principal.role == "coordinator" and not principal.cluster_code:
        return False
    if principal.role == "funder" and not principal.funder_code:
        return False
    return True


def sees_cluster_detail(principal: Principal | None, cluster_code: str | None) -> bool:
    """Does this principal see cluster `cluster_code` in detail (its combos one by one)?"""
    if not _valid(principal) or not cluster_code:
        return False
    if principal.role in EVERYTHING:
        return True
    return principal.role == "coordinator" and principal.cluster_code == cluster_code


def inside_cluster(principal: Principal | None, cluster_code: str | None) -> bool:
    """Is this principal inside cluster `cluster_code` (its coordinator)?

    Only there are counts below the threshold and residents' actor codes shown.
    """
    return (
        _valid(principal)
        and bool(cluster_code)
        and principal.role == "coordinator"
        and principal.cluster_code == cluster_code
    )


def sees_funder_detail(principal: Principal | None, funder_code: str | None) -> bool:
    """Does this principal see the detail of funder `funder_code`'s money?"""
    if not _valid(principal) or not funder_code:
        return False
    if principal.role in EVERYTHING:
        return True
    return principal.role == "funder" and principal.funder_code == funder_code


def detail_clusters(principal: Principal | None, cluster_codes) -> list[str]:
    """Of `cluster_codes`, those this principal sees in detail (in the given order)."""
    return [c for c in cluster_codes if sees_cluster_detail(principal, c)]


def allowed(principal: Principal | None, action: str, target: object = None) -> bool:
    """May `principal` do `action` on `target`? Unknown actions and shapes: no."""
    if not _valid(principal):
        return False
    try:
        action = Action(action)
    except ValueError:
        return False
    if action in _BY_ROLE:
        return principal.role in _BY_ROLE[action]
    if target is ANY:  # the callback gate's question: may this role ever do this?
        return principal.role in _SCOPED_ROLES.get(action, ())
    if action is A.VIEW_CLUSTER:
        return isinstance(target, str) and bool(target)
    if action is A.VIEW_CLUSTER_DETAIL:
        return isinstance(target, str) and sees_cluster_detail(principal, target)
    if action is A.VIEW_PERSONS:
        return isinstance(target, str) and inside_cluster(principal, target)
    if action is A.VIEW_FUNDER_DETAIL:
        return isinstance(target, str) and sees_funder_detail(principal, target)
    if action is A.EDIT_COMBO_NOTES:
        return isinstance(target, Combo) and inside_cluster(principal, target.cluster_code)
    return False  # an action added to the enum but not to the rules


def authorise(principal: Principal | None, action: str, target: object = None) -> None:
    """Raise :class:`Forbidden` unless :func:`allowed`."""
    if not allowed(principal, action, target):
        raise Forbidden(principal, action, target)


# ---------------------------------------------------------------------------------------------
# Money flows in detail


def funder_streams(flows: pd.DataFrame, funder_code: str) -> set[str]:
    """The funding streams in which `funder_code` puts money in (its own allocations)."""
    own = flows[flows["from_code"] == funder_code]
    return set(own["stream"])


def funder_flow_mask(
    principal: Principal | None, flows: pd.DataFrame, funder_codes: set[str]
) -> pd.Series:
    """Which rows of `flows` (from_code, to_code, stream, …) `principal` sees in detail.

    The rule for a funder F ("the flows that start from its own money"):

    1. F's own flows (``from_code == F``), and
    2. flows further down the chain — not paid by another funder — in a stream F puts money
       in (its streams are those of its own flows *in the frame given*, so pass the quarters
       being shown). Money is traced by stream: the fund administrator passes a stream on to
       clusters, partners and combos, so a downstream flow in F's stream is (part of) F's
       money. Where two funders share a stream, both see its downstream flows.

    Flows paid by another funder (``from_code`` in `funder_codes`: every actor of type
    funder, see :func:`saniveld.users.funder_codes`) stay aggregate. Network manager and admin see every flow in detail; everyone else (official,
    coordinator) sees flows only in aggregate.
    """
    if flows.empty or not _valid(principal):
        return pd.Series(False, index=flows.index, dtype=bool)
    if principal.role in EVERYTHING:
        return pd.Series(True, index=flows.index, dtype=bool)
    if principal.role != "funder":
        return pd.Series(False, index=flows.index, dtype=bool)
    own = principal.funder_code
    other_funders = set(funder_codes) - {own}
    streams = funder_streams(flows, own)
    from_own = flows["from_code"] == own
    downstream = flows["stream"].isin(streams) & ~flows["from_code"].isin(other_funders | {own})
    return (from_own | downstream).astype(bool)


def flows_in_detail(
    principal: Principal | None, flows: pd.DataFrame, funder_codes: set[str]
) -> pd.DataFrame:
    """The rows of `flows` that `principal` may see one by one (see :func:`funder_flow_mask`)."""
    return flows[funder_flow_mask(principal, flows, funder_codes)]


def detail_combos(mapping: Mapping[str, str], principal: Principal | None) -> set[str]:
    """Of a combo → cluster mapping, the combos whose detail `principal` sees."""
    return {combo for combo, cluster in mapping.items() if sees_cluster_detail(principal, cluster)}
