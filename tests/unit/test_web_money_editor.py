"""The allocation editor's callbacks over HTTP: preview, commit, stale version, undo, lock, roles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.web.testing import call_callback, signed_in_client
from tests.unit.flows_fixture import EDITOR_PASSWORD, Q, editor_app, positions

PW = EDITOR_PASSWORD


@pytest.fixture
def app(engine, db_url):
    return editor_app(engine, db_url)


def output(app, component: str) -> str:
    return next(k for k in app.callback_map if f"{component}." in k)


def client_as(app, name):
    return signed_in_client(app, name, PW)


FORM = {"editor-from.value": "NOORD", "editor-to.value": "ZUID", "editor-amount.value": "50,00",
        "editor-reason.value": "herverdeling", "editor-flow.value": None}


def preview_or_commit(app, client, button, pending=None, **changes):
    state = {"quarter-picker.value": Q, **FORM, **changes, "editor-pending.data": pending,
             "editor-refresh-move.data": 0}
    return call_callback(client, app, output(app, "editor-whatif-body"), {f"{button}.n_clicks": 1}, state)


def outputs_of(response) -> dict:
    return response.get_json()["response"]


def test_a_coordinator_is_refused_everywhere(app):
    client = client_as(app, "cor")
    assert preview_or_commit(app, client, "editor-preview").status_code == 403
    hist = call_callback(client, app, output(app, "editor-history-grid"), {"quarter-picker.value": Q})
    assert hist.status_code == 403


def test_preview_then_commit_then_a_stale_commit(app, engine):
    client = client_as(app, "nina")
    shown = preview_or_commit(app, client, "editor-preview")
    assert shown.status_code == 200
    out = outputs_of(shown)
    assert "Binnen de grenzen" in str(out["editor-whatif-body"]) and "€ 550,00" in str(out["editor-whatif-body"])
    pending = out["editor-pending"]["data"]
    assert pending["version"] == 1 and pending["amount"] == "50.00"

    done = outputs_of(preview_or_commit(app, client, "editor-commit", pending))
    assert "Vastgelegd" in str(done["editor-message"]) and "versie 2" in str(done["editor-message"])
    again = outputs_of(preview_or_commit(app, client, "editor-commit", pending))  # a double click
    assert "al vastgelegd" in str(again["editor-message"])

    stale = dict(pending, key="web:other-tab")  # a second tab that previewed at version 1
    conflict = outputs_of(preview_or_commit(app, client, "editor-commit", stale))
    assert "Iemand anders heeft dit kwartaal intussen gewijzigd" in str(conflict["editor-message"])
    assert conflict["editor-pending"]["data"]["version"] == 2  # the fresh preview's version
    with db.connect(engine) as conn:
        assert positions(conn)[("FA", "ZUID")] == Decimal("350.00")  # once, not twice


@pytest.mark.parametrize(("changes", "message"), [
    ({"editor-amount.value": "abc"}, "is geen bedrag"),
    ({"editor-amount.value": "1,001"}, "twee decimalen"),
    ({"editor-to.value": None}, "Kies naar wie het geld gaat"),
    ({"editor-reason.value": " "}, "Vul een reden in"),
])
def test_form_messages_in_dutch(app, changes, message):
    client = client_as(app, "nina")
    pending = outputs_of(preview_or_commit(app, client, "editor-preview"))["editor-pending"]["data"]
    answer = outputs_of(preview_or_commit(app, client, "editor-commit", pending, **changes))
    assert message in str(answer["editor-message"])


def test_commit_without_a_preview_or_after_changing_the_form(app):
    client = client_as(app, "nina")
    first = outputs_of(preview_or_commit(app, client, "editor-commit"))
    assert "Bekijk eerst het effect" in str(first["editor-message"])
    pending = outputs_of(preview_or_commit(app, client, "editor-preview"))["editor-pending"]["data"]
    changed = outputs_of(preview_or_commit(app, client, "editor-commit", pending, **{"editor-amount.value": "60"}))
    assert "bekijk het effect opnieuw" in str(changed["editor-message"])


def test_history_undo_and_lock(app, engine):
    client = client_as(app, "nina")
    pending = outputs_of(preview_or_commit(app, client, "editor-preview"))["editor-pending"]["data"]
    preview_or_commit(app, client, "editor-commit", pending)
    hist = outputs_of(call_callback(client, app, output(app, "editor-history-grid"),
                                    {"quarter-picker.value": Q, "editor-history-source.value": "move"}))
    rows = hist["editor-history-grid"]["rowData"]
    assert {r["posting_key"] for r in rows} == {pending["key"]} and len(rows) == 2
    undone = outputs_of(call_callback(client, app, output(app, "editor-undo-message"), {"editor-undo.n_clicks": 1},
                                      {"editor-history-grid.selectedRows": [rows[0]],
                                       "editor-undo-reason.value": "vergissing", "editor-refresh-undo.data": 0}))
    assert "Ongedaan gemaakt" in str(undone["editor-undo-message"])
    locked = outputs_of(call_callback(client, app, output(app, "editor-lock-message"),
                                      {"editor-lock-confirm.submit_n_clicks": 1},
                                      {"quarter-picker.value": Q, "editor-refresh-lock.data": 0}))
    assert "is afgesloten" in str(locked["editor-lock-message"])
    with db.connect(engine) as conn:
        assert positions(conn)[("FA", "ZUID")] == Decimal("300.00")
        assert ledger.quarter_state(conn, Q).locked
    refused = outputs_of(preview_or_commit(app, client, "editor-commit",
                                           outputs_of(preview_or_commit(app, client, "editor-preview"))
                                           ["editor-pending"]["data"]))
    assert "afgesloten" in str(refused["editor-message"])


def test_the_grid_lists_the_quarters_allocations(app):
    client = client_as(app, "nina")
    answer = outputs_of(call_callback(client, app, output(app, "editor-grid-body"), {"quarter-picker.value": Q}))
    grid = answer["editor-grid-body"]["children"]["props"]
    assert len(grid["rowData"]) == 7 and "Versie 1" in str(answer["editor-state"])


def test_more_than_5000_allocations_are_paged_from_the_server(app):
    from saniveld.web.pages.money_editor import allocations_grid

    assert allocations_grid([{"flow_code": "X"}] * 5001, "nl").rowModelType == "infinite"
    assert allocations_grid([{"flow_code": "X"}] * 5000, "nl").rowData is not None
    client = client_as(app, "nina")
    request = {"startRow": 0, "endRow": 3, "sortModel": [{"colId": "amount", "sort": "desc"}]}
    answer = outputs_of(call_callback(client, app, output(app, "editor-grid"),
                                      {"editor-grid.getRowsRequest": request}, {"quarter-picker.value": Q}))
    page = answer["editor-grid"]["getRowsResponse"]
    assert page["rowCount"] == 7  # the allocations; the spending row is not one
    assert [(r["flow_code"], r["amount"]) for r in page["rowData"]] == [
        ("F1", "1000.00"), ("F2", "600.00"), ("F5", "400.00")]
