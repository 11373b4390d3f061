"""Every permission rule of saniveld.access, as a role × action × target table written by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from saniveld import access
from saniveld.access import ANY, Action, Combo, Principal
from saniveld.web import auth

OFF = Principal("anna", "official")
FUN = Principal("fenna", "funder", funder_code="FND-GEMEENTE")
NM = Principal("nina", "network_manager")
COO = Principal("bram", "coordinator", cluster_code="NOORD")
ADM = Principal("ad", "admin")
ROLES = (OFF, FUN, NM, COO, ADM)

Y, N = True, False
# action, target,                               official funder  netw.mgr coord.  admin
TABLE = [
    ("view_overview", None,                       Y, Y, Y, Y, Y),
    ("view_review", None,                         Y, Y, Y, Y, Y),
    ("view_network", None,                        Y, Y, Y, Y, Y),
    ("view_roles", None,                          Y, Y, Y, Y, Y),
    ("view_money", None,                          Y, Y, Y, Y, Y),
    ("export_report", None,                       Y, Y, Y, Y, Y),
    ("edit_review", None,                         Y, N, N, N, N),
    ("edit_initiatives", None,                    Y, N, Y, N, N),
    ("move_money", None,                          N, N, Y, N, N),
    ("lock_quarter", None,                        N, N, Y, N, N),
    ("reopen_quarter", None,                      N, N, N, N, Y),
    ("import_package", None,                      N, N, N, N, Y),
    ("export_package", None,                      N, N, N, N, Y),
    ("manage_users", None,                        N, N, N, N, Y),
    ("edit_settings", None,                       N, N, N, N, Y),
    ("view_cluster", "NOORD",                     Y, Y, Y, Y, Y),
    ("view_cluster", "ZUID",                      Y, Y, Y, Y, Y),
    ("view_cluster", ANY,                         Y, Y, Y, Y, Y),  # the gate: some cluster
    ("view_cluster", None,                        N, N, N, N, N),
    ("view_cluster", "",                          N, N, N, N, N),
    ("view_cluster_detail", "NOORD",              N, N, Y, Y, Y),
    ("view_cluster_detail", "ZUID",               N, N, Y, N, Y),
    ("view_cluster_detail", ANY,                  N, N, Y, Y, Y),
    ("view_cluster_detail", None,                 N, N, N, N, N),
    ("view_persons", "NOORD",                     N, N, N, Y, N),
    ("view_persons", "ZUID",                      N, N, N, N, N),
    ("view_persons", ANY,                         N, N, N, Y, N),
    ("view_persons", None,                        N, N, N, N, N),
    ("view_funder_detail", "FND-GEMEENTE",        N, Y, Y, N, Y),
    ("view_funder_detail", "FND-ZORGKANTOOR",     N, N, Y, N, Y),
    ("view_funder_detail", ANY,                   N, Y, Y, N, Y),
    ("view_funder_detail", None,                  N, N, N, N, N),
    ("view_funder_detail", ["FND-GEMEENTE"],      N, N, N, N, N),  # odd shapes: no
    ("edit_combo_notes", Combo("C1", "NOORD"),    N, N, N, Y, N),
    ("edit_combo_notes", Combo("C9", "ZUID"),     N, N, N, N, N),
    ("edit_combo_notes", "C1",                    N, N, N, N, N),  # bare code: no cluster known
    ("edit_combo_notes", ANY,                     N, N, N, Y, N),
    ("edit_combo_notes", None,                    N, N, N, N, N),
    ("edit_combo_notes", {"cluster": "NOORD"},    N, N, N, N, N),
    ("no_such_action", None,                      N, N, N, N, N),
]
CASES = [
    pytest.param(principal, action, target, row[2 + i], id=f"{principal.role}-{action}-{target}")
    for row in TABLE
    for i, principal in enumerate(ROLES)
    for action, target in [row[:2]]
]


@pytest.mark.parametrize(("principal", "action", "target", "expected"), CASES)
def test_permission_table(principal, action, target, expected):
    assert access.allowed(principal, action, target) is expected
    if expected:
        access.authorise(principal, action, target)
    else:
        with pytest.raises(access.Forbidden):
            access.authorise(principal, action, target)


def test_the_table_covers_every_action():
    assert {row[0] for row in TABLE} - {"no_such_action"} == {a.value for a in Action}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize(
    "principal",
    [
        None,
        Principal("x", "superuser"),
        Principal("x", "coordinator"),  # a coordinator without a cluster
        Principal("x", "funder"),  # a funder without a funder actor
    ],
    ids=["anonymous", "unknown-role", "unbound-coordinator", "unbound-funder"],
)
def test_no_principal_or_a_malformed_one_may_do_nothing(principal, action):
    for target in (None, ANY, "NOORD", "FND-GEMEENTE", Combo("C1", "NOORD")):
        assert access.allowed(principal, action, target) is False


def test_web_constants_are_the_access_actions():
    assert auth.VIEW_REVIEW == "view_review" and auth.VIEW_REVIEW is Action.VIEW_REVIEW
    assert auth.MOVE_MONEY is Action.MOVE_MONEY and auth.MANAGE_USERS == "manage_users"
    assert auth.Principal is access.Principal


def test_scope_helpers():
    assert access.sees_cluster_detail(COO, "NOORD") and not access.sees_cluster_detail(COO, "ZUID")
    assert access.sees_cluster_detail(NM, "ZUID") and not access.sees_cluster_detail(OFF, "NOORD")
    assert access.inside_cluster(COO, "NOORD") and not access.inside_cluster(NM, "NOORD")
    assert access.detail_clusters(COO, ["ZUID", "NOORD", "WEST"]) == ["NOORD"]
    assert access.detail_clusters(OFF, ["ZUID", "NOORD"]) == []
    assert access.detail_clusters(ADM, ["ZUID", "NOORD"]) == ["ZUID", "NOORD"]
    assert access.sees_funder_detail(FUN, "FND-GEMEENTE")
    assert not access.sees_funder_detail(FUN, "FND-ZORGKANTOOR")
    assert access.detail_combos({"C1": "NOORD", "C2": "ZUID"}, COO) == {"C1"}


FLOWS = pd.DataFrame(
    [
        # flow,  from,             to,              stream
        ("F1", "FND-GEMEENTE", "FONDS", "wmo"),  # the funder's own allocation
        ("F2", "FND-ZORGKANTOOR", "FONDS", "wlz"),  # another funder's
        ("F3", "FONDS", "NOORD", "wmo"),  # passed on in its stream
        ("F4", "FONDS", "ZUID", "wlz"),  # passed on in another stream
        ("F5", "NOORD", "C1", "wmo"),  # further down, its stream
        ("F6", "NOORD", "C1", "wlz"),
        ("F7", "FND-ZORGKANTOOR", "FONDS", "wmo"),  # another funder in a shared stream
    ],
    columns=["flow_code", "from_code", "to_code", "stream"],
)
FUNDERS = {"FND-GEMEENTE", "FND-ZORGKANTOOR"}


def test_a_funder_sees_its_own_money_in_detail_and_the_rest_not():
    seen = access.flows_in_detail(FUN, FLOWS, FUNDERS)
    assert list(seen["flow_code"]) == ["F1", "F3", "F5"]


def test_flow_detail_for_the_other_roles():
    assert len(access.flows_in_detail(NM, FLOWS, FUNDERS)) == 7
    assert len(access.flows_in_detail(ADM, FLOWS, FUNDERS)) == 7
    assert access.flows_in_detail(OFF, FLOWS, FUNDERS).empty
    assert access.flows_in_detail(COO, FLOWS, FUNDERS).empty
    assert access.flows_in_detail(None, FLOWS, FUNDERS).empty


def test_a_funder_with_no_flows_of_its_own_sees_no_detail():
    other = Principal("z", "funder", funder_code="FND-VERZEKERAAR")
    assert access.flows_in_detail(other, FLOWS, FUNDERS | {"FND-VERZEKERAAR"}).empty
