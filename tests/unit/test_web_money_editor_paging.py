"""The allocation editor at scale: the grid counted and paged in the database, the recipient
dropdown searched on the server, forged paging requests answered within bounds."""

from __future__ import annotations

import pytest

from saniveld import ledger
from saniveld.db import engine as db
from saniveld.web.testing import call_callback, sign_in
from tests.unit.flows_fixture import EDITOR_PASSWORD, Q, editor_app

PW = EDITOR_PASSWORD


@pytest.fixture
def app(engine, db_url):
    return editor_app(engine, db_url)


def editor():
    """The page module (importable only once the app has registered its pages)."""
    from saniveld.web.pages import money_editor

    return money_editor


def client_as(app, name):
    client = app.server.test_client()
    sign_in(client, name, PW)
    return client


def output(app, component: str) -> str:
    return next(k for k in app.callback_map if k.lstrip(".").startswith(component))


def page(app, client, request):
    response = call_callback(client, app, output(app, "editor-grid.getRowsResponse"),
                             {"editor-grid.getRowsRequest": request}, {"quarter-picker.value": Q})
    assert response.status_code == 200
    return response.get_json()["response"]["editor-grid"]["getRowsResponse"]


def options(app, client, search, selected=None):
    response = call_callback(client, app, output(app, "editor-to.options"),
                             {"editor-to-search.data": search}, {"editor-to.value": selected})
    assert response.status_code == 200
    return [o["value"] for o in response.get_json()["response"]["editor-to"]["options"]]


def codes_and_amounts(answer):
    return [(r["flow_code"], r["amount"]) for r in answer["rowData"]]


# Allocations of the fixture: F1 1000, F2 600, F3 300, F4 100, F5 400, F6 150, F7 300.

def test_page_two_sorted_by_amount_both_ways(app):
    client = client_as(app, "nina")
    up = page(app, client, {"startRow": 3, "endRow": 6, "sortModel": [{"colId": "amount", "sort": "asc"}]})
    # ascending: F4 100, F6 150, F3 300, F7 300 | F5 400, F2 600, F1 1000 (ties in flow-code order)
    assert codes_and_amounts(up) == [("F7", "300.00"), ("F5", "400.00"), ("F2", "600.00")]
    assert up["rowCount"] == 7
    down = page(app, client, {"startRow": 3, "endRow": 6, "sortModel": [{"colId": "amount", "sort": "desc"}]})
    # descending: F1, F2, F5 | F3 300, F7 300, F6 150 | F4
    assert codes_and_amounts(down) == [("F3", "300.00"), ("F7", "300.00"), ("F6", "150.00")]
    last = page(app, client, {"startRow": 6, "endRow": 9, "sortModel": [{"colId": "to_code", "sort": "desc"}]})
    # recipients descending: ZUID (F3), NOORD (F2), FA (F1, F4), C3, C2, C1 (F5): the last is F5
    assert [(r["flow_code"], r["from_code"], r["to_code"]) for r in last["rowData"]] == [("F5", "NOORD", "C1")]


def test_a_forged_request_gets_a_bounded_sane_answer(app):
    client = client_as(app, "nina")
    bad_column = page(app, client, {"startRow": 0, "endRow": 2, "sortModel": [{"colId": "amount; drop table x"}]})
    assert codes_and_amounts(bad_column) == [("F1", "1000.00"), ("F2", "600.00")]  # flow-code order
    huge = page(app, client, {"startRow": "abc", "endRow": 10**30, "sortModel": "nonsense"})
    assert huge["rowCount"] == 7 and [r["flow_code"] for r in huge["rowData"]] == [f"F{i}" for i in range(1, 8)]
    beyond = page(app, client, {"startRow": 10**30, "endRow": 10**30 + 5})
    assert beyond == {"rowData": [], "rowCount": 7}
    negative = page(app, client, {"startRow": -5, "endRow": 1, "sortModel": [None]})
    assert codes_and_amounts(negative) == [("F1", "1000.00")]
    assert page(app, client, ["not", "a", "request"]) == {"rowData": [], "rowCount": 0}


def test_at_most_500_rows_per_request(app, monkeypatch):
    asked = []
    real = editor().allocation_rows
    monkeypatch.setattr(editor(), "allocation_rows",
                        lambda conn, quarter, start, end, *a: asked.append((start, end)) or real(conn, quarter, start, end, *a))
    page(app, client_as(app, "nina"), {"startRow": 2, "endRow": 10**6})
    assert asked == [(2, 502)]


def test_above_the_limit_the_grid_pages_without_fetching_rows(app, monkeypatch):
    monkeypatch.setattr(editor(), "PAGE_SIZE_LIMIT", 5)
    monkeypatch.setattr(editor(), "allocation_rows", lambda *a, **k: pytest.fail("rows fetched"))
    client = client_as(app, "nina")
    response = call_callback(client, app, output(app, "editor-grid-body.children"), {"quarter-picker.value": Q})
    grid = response.get_json()["response"]["editor-grid-body"]["children"]["props"]
    assert grid["rowModelType"] == "infinite" and not grid.get("rowData")


def test_few_codes_are_all_offered(app):
    client = client_as(app, "nina")
    everything = ["C1", "C2", "C3", "CX", "FA", "NOORD", "ORG1", "ZUID"]  # not FND: a funder
    assert options(app, client, None) == everything
    typed = call_callback(client, app, output(app, "editor-to.options"), {"editor-to-search.data": "zu"},
                          {"editor-to.value": None})
    # the browser searches a short list itself: the options stay as they are (no update)
    assert typed.status_code in (200, 204) and "editor-to" not in ((typed.get_json() or {}).get("response") or {})


def test_many_codes_are_searched_on_the_server(app, monkeypatch):
    monkeypatch.setattr(editor(), "ALL_CODES_UP_TO", 3)
    monkeypatch.setattr(editor(), "SEARCH_LIMIT", 2)
    client = client_as(app, "nina")
    assert options(app, client, "c") == ["C1", "C2"]  # C1, C2, C3, CX match; at most 2
    assert options(app, client, "org") == ["ORG1"]
    assert options(app, client, "r", selected="ZUID") == ["ZUID", "NOORD", "ORG1"]  # the chosen one stays
    assert options(app, client, "%") == []  # a wildcard is a plain character
    assert options(app, client, None) == ["C1", "C2"]


def test_a_coordinator_gets_neither_rows_nor_codes(app):
    client = client_as(app, "cor")
    rows = call_callback(client, app, output(app, "editor-grid.getRowsResponse"),
                         {"editor-grid.getRowsRequest": {"startRow": 0, "endRow": 5}}, {"quarter-picker.value": Q})
    codes = call_callback(client, app, output(app, "editor-to.options"), {"editor-to-search.data": "c"},
                          {"editor-to.value": None})
    assert rows.status_code == 403 and codes.status_code == 403


def test_the_count_follows_a_new_posting(app, engine):
    from decimal import Decimal

    from saniveld import ledger
    from saniveld.ledger import LedgerEntry

    client = client_as(app, "nina")
    assert page(app, client, {"startRow": 0, "endRow": 1})["rowCount"] == 7
    with db.transaction(engine) as conn:
        ledger.append_posting(conn, posting_key="import:2", posted_by="import", reason="extra", source="import",
                              quarter=Q, entries=[LedgerEntry("F8", Q, "allocation", "FA", "ZUID",
                                                              Decimal("5.00"), "wmo", "care")])
    after = page(app, client, {"startRow": 7, "endRow": 8})
    assert after["rowCount"] == 8 and codes_and_amounts(after) == [("F8", "5.00")]


def _what_if_with_clusters(n: int, changed: str):
    """A what-if over `n` clusters CL00.. in which only `changed` changes (by hand)."""
    from saniveld.ledger.whatif import ClusterBalance, IndicatorChange, WhatIf

    D = __import__("decimal").Decimal
    codes = [f"CL{k:02d}" for k in range(n)]
    rate = [IndicatorChange("spending_rate", "Bestedingsgraad", "Spending rate", "percent", "diagnostic",
                            "cluster", c, D(50), D(40) if c == changed else D(50)) for c in codes]
    network = [IndicatorChange("overhead_share", "Overhead", "Overhead", "percent", "boundary", "network", None,
                               D(10), D(10), D(15), "max", False, False)]
    balances = [ClusterBalance(c, D(100), D(80), D(90) if c == changed else D(100), D(80)) for c in codes]
    return WhatIf(Q, 1, False, (), (), tuple(network + rate), tuple(balances))


def test_the_what_if_lists_only_changed_clusters_above_25(app):
    from dash import html

    def texts(component):
        found = []
        if isinstance(component, str):
            return [component]
        children = getattr(component, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if child is not None:
                found += texts(child)
        return found

    many = texts(editor().whatif_view(_what_if_with_clusters(30, "CL07"), "nl"))
    assert "CL07" in many and "CL08" not in many and "CL00" not in many
    assert any("29 andere clusters" in t for t in many)
    few = texts(editor().whatif_view(_what_if_with_clusters(25, "CL07"), "nl"))
    assert all(f"CL{k:02d}" in few for k in range(25))  # up to 25 clusters: every one listed
    assert not any("andere clusters" in t for t in few)
    assert isinstance(editor().whatif_view(_what_if_with_clusters(3, "CL01"), "en"), html.Div)


def test_warming_the_cache_prepares_the_editors_first_visit(app):
    """cache.warm runs the editor's warmer (registered by the page): the grid, the history, the
    recipients and the what-if's "before" of the latest quarter are there before the first visit."""
    from saniveld import cache

    engine = app.server.config["SANIVELD_ENGINE"]
    assert editor().warm in cache._warmers
    cache.clear()
    cache.warm(engine)
    misses = cache.stats["misses"]
    client = client_as(app, "nina")
    refresh = {"editor-refresh-move.data": 0, "editor-refresh-undo.data": 0, "editor-refresh-lock.data": 0}
    grid = call_callback(client, app, output(app, "editor-grid-body.children"),
                         {"quarter-picker.value": Q, **refresh})
    history = call_callback(client, app, output(app, "editor-history-grid.rowData"),
                            {"quarter-picker.value": Q, "editor-history-source.value": None,
                             "editor-history-code.value": None, **refresh})
    assert grid.status_code == history.status_code == 200
    assert "F5" in grid.get_data(as_text=True) and "F5" in history.get_data(as_text=True)
    ledger.preview(engine, Q, [])
    assert cache.stats["misses"] == misses  # nothing computed: all of it was warmed
    cache.clear()
