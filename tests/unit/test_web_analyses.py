"""The analysis pages' callbacks over HTTP (Flask test client), on the small hand-made network."""

from __future__ import annotations

import json

import pytest

from pages_fixture import small_network_app
from saniveld.db import engine as db
from saniveld.web import auth
from saniveld.web.testing import call_callback, signed_in_client

PRINCIPALS = {
    "anna": auth.Principal("anna", "official", display_name="Anna de Vries"),
    "bram": auth.Principal("bram", "coordinator", cluster_code="NOORD"),
    "chris": auth.Principal("chris", "admin"),
}
PASSWORD = "pw-test-12345"


@pytest.fixture
def app(db_url):
    return small_network_app(db_url, PRINCIPALS.values(), PASSWORD)


def client_for(app, username):
    return signed_in_client(app, username, PASSWORD)


def response_of(client, app, output, inputs=None, state=None):
    response = call_callback(client, app, output, inputs, state)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def text_of(tree) -> str:
    """All strings in a serialised Dash component tree."""
    return " ".join(_strings(tree))


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        if "props" in node:
            yield from _strings(node["props"].get("children"))
        else:
            for value in node.values():
                yield from _strings(value)


# ---------------------------------------------------------------------------------------------
# Netwerk

def multi(*outputs: str) -> str:
    """Dash's id of a callback with several outputs."""
    return ".." + "...".join(outputs) + ".."


MAP = multi("network-map.elements", "network-map.layout", "network-node.options",
            "network-graph-status.children", "network-graph-empty.style",
            "network-map-frame.style", "network-map-frame.aria-label")


def test_network_map_of_a_quarter(app):
    client = client_for(app, "chris")  # an administrator sees every combo
    out = response_of(client, app, MAP, {"quarter-picker.value": "2025-Q2",
                                         "network-cluster.value": None,
                                         "network-type.value": None})
    ids = [e["data"]["id"] for e in out["network-map"]["elements"] if "source" not in e["data"]]
    assert ids == ["fund_administrator:FA", "cluster:NOORD", "coordinator:NOORD:P2",
                   "cluster:ZUID", "combo:C1", "partner:ORG1", "combo:C3", "combo:C2",
                   "partner:ORG2"]
    assert out["network-graph-status"]["children"] == "Het hele netwerk: 2 clusters en 3 combi's."
    assert out["network-node"]["options"][4] == {"label": "Combi: Wijkteam Noord",
                                                 "value": "combo:C1"}
    assert out["network-graph-empty"]["style"] == {"display": "none"}


def test_network_map_without_a_quarter_shows_the_empty_state(app):
    client = client_for(app, "anna")
    out = response_of(client, app, MAP, {"quarter-picker.value": None})
    assert out["network-map"]["elements"] == []
    assert out["network-map-frame"]["style"] == {"display": "none"}


def test_node_details_suppress_small_counts_outside_the_viewers_cluster(app):
    inputs = {"network-node.value": "combo:C1", "quarter-picker.value": "2025-Q2"}
    admin = text_of(response_of(client_for(app, "chris"), app,
                                "network-details-body.children", inputs))
    assert "Wijkteam Noord" in admin
    assert "€ 400,00" in admin and "€ 380,00" in admin
    assert "< 10" in admin  # one professional, one resident, two experiences: outside Noord
    coordinator = text_of(response_of(client_for(app, "bram"), app,
                                      "network-details-body.children", inputs))
    assert "< 10" not in coordinator
    assert "Mentaal welbevinden" in coordinator


def test_clicking_a_cluster_at_cluster_level_drills_down(app):
    from saniveld.web.pages import network as page

    assert page.drill_into_cluster({"id": "cluster:NOORD", "code": "NOORD", "drill": True}) \
        == "NOORD"
    assert page.choose_tapped_node({"id": "combo:C1"}) == "combo:C1"


# ---------------------------------------------------------------------------------------------
# Rollen

ROLES = multi("roles-matrix-body.children", "roles-vacancies-body.children",
              "roles-many-body.children", "roles-congruence-body.children")


def test_roles_page_shows_vacancies_in_words(app):
    out = response_of(client_for(app, "anna"), app, ROLES, {"quarter-picker.value": "2025-Q2"})
    matrix = text_of(out["roles-matrix-body"]["children"])
    assert "Stand op 30 juni 2025." in matrix
    assert matrix.count("Niet ingevuld") == 2  # Zuid: coordinator and involved neighbourhood
    assert "Buurtkracht Noord" in matrix and "Welzijn Saniveld" in matrix
    vacancies = text_of(out["roles-vacancies-body"]["children"])
    assert "2 rollen zijn niet ingevuld." in vacancies
    assert "Meewerkend coördinator — Zuid" in vacancies
    many = text_of(out["roles-many-body"]["children"])
    assert "Bas" in many and "manager" in many and " 3 " in f" {many} "
    fit = text_of(out["roles-congruence-body"]["children"])
    assert "psychiater" in fit and "100 %" in fit


def test_roles_matrix_marks_vacant_cells_with_a_pattern_class(app):
    out = response_of(client_for(app, "anna"), app, ROLES, {"quarter-picker.value": "2025-Q2"})
    serialised = json.dumps(out["roles-matrix-body"]["children"])
    assert serialised.count('"role-vacant"') == 2


# ---------------------------------------------------------------------------------------------
# Geldstromen

MONEY = multi("money-sankey-body.children", "money-overhead-body.children",
              "money-by-cluster-body.children")


def _figure(tree):
    """The figure of the first dcc.Graph in a serialised tree."""
    if isinstance(tree, list):
        for item in tree:
            found = _figure(item)
            if found:
                return found
    elif isinstance(tree, dict):
        props = tree.get("props", {})
        if tree.get("type") == "Graph":
            return props["figure"]
        return _figure(props.get("children"))
    return None


def test_money_page_shows_the_sankey_overhead_and_clusters(app):
    out = response_of(client_for(app, "anna"), app, MONEY,
                      {"quarter-picker.value": "2025-Q2", "money-stream.value": None})
    sankey = _figure(out["money-sankey-body"]["children"])["data"][0]
    assert sankey["type"] == "sankey"
    assert sorted(sankey["link"]["value"]) == [120, 150, 300, 300, 350, 400, 500, 600, 1000]
    assert "Aansturing en overhead" in sankey["node"]["label"]
    overhead = text_of(out["money-overhead-body"]["children"])
    assert "Binnen de grens" in overhead
    assert "8,0 % van € 1.500 gaat naar aansturing en overhead (€ 120). De grens is 15 %." in overhead
    bars = _figure(out["money-by-cluster-body"]["children"])["data"]
    assert [b["y"] for b in bars] == [[600, 350], [380, 310]]


def test_money_page_filters_by_stream(app):
    out = response_of(client_for(app, "anna"), app, MONEY,
                      {"quarter-picker.value": "2025-Q2", "money-stream.value": "wlz"})
    sankey = _figure(out["money-sankey-body"]["children"])["data"][0]
    assert sorted(sankey["link"]["value"]) == [300, 300, 350, 500]


def test_money_page_for_a_quarter_without_flows_explains(app):
    out = response_of(client_for(app, "anna"), app, MONEY,
                      {"quarter-picker.value": "2023-Q1", "money-stream.value": None})
    assert "Nog geen gegevens voor dit kwartaal" in text_of(out["money-sankey-body"]["children"])


def test_money_trend(app):
    out = response_of(client_for(app, "anna"), app, "money-trend-body.children",
                      {"quarter-picker.value": "2025-Q2", "money-stream.value": None})
    lines = _figure(out["money-trend-body"]["children"])["data"]
    assert lines[0]["x"] == ["1e kwartaal 2025", "2e kwartaal 2025"]
    assert [line["y"] for line in lines] == [[800, 1500], [100, 1370], [200, 690]]


# ---------------------------------------------------------------------------------------------
# Mijn cluster

GRID = multi("cluster-summary.children", "cluster-empty.children", "cluster-empty.style",
             "cluster-grid-frame.style")
ROWS = "cluster-grid.getRowsResponse"
FIRST_BLOCK = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}


def grid_rows_of(client, app, request=None, quarter="2025-Q2", cluster="NOORD"):
    """The grid's answer to one getRowsRequest (server-side paging)."""
    out = response_of(client, app, ROWS, {"cluster-grid.getRowsRequest": request or FIRST_BLOCK},
                      {"quarter-picker.value": quarter, "cluster-code.data": cluster})
    return out["cluster-grid"]["getRowsResponse"]


def test_coordinator_sees_their_clusters_combos_exactly(app):
    client = client_for(app, "bram")
    out = response_of(client, app, GRID,
                      {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    assert out["cluster-summary"]["children"].startswith("2 combi's in 2e kwartaal 2025.")
    assert out["cluster-grid-frame"]["style"] == {}
    answer = grid_rows_of(client, app)
    rows = answer["rowData"]
    assert answer["rowCount"] == 2
    assert [r["combo_code"] for r in rows] == ["C1", "C2"]
    c1 = rows[0]
    assert (c1["type_label"], c1["residents"], c1["residents_text"]) == ("Wijkteam", 40, "40")
    assert (c1["member_professional"], c1["member_professional_text"]) == (1, "1")
    assert (c1["allocated"], c1["allocated_text"]) == (40000, "€ 400,00")
    assert (c1["spent"], c1["spent_text"]) == (38000, "€ 380,00")


def test_others_see_small_counts_suppressed(app):
    c2 = grid_rows_of(client_for(app, "chris"), app)["rowData"][1]
    assert (c2["residents"], c2["residents_text"]) == (12, "12")  # 12 is not small
    assert (c2["member_professional"], c2["member_professional_text"]) == (None, "< 10")
    assert (c2["member_volunteer"], c2["member_volunteer_text"]) == (0, "0")


def test_hidden_counts_cannot_be_found_by_sorting_or_filtering(app):
    """C1 has 1 professional, C2 has 2: outside Noord both read < 10, so neither a sort nor a
    filter on that column may tell them apart (C1 before C2 by code either way)."""
    for client, expected in ((client_for(app, "chris"), (["C1", "C2"], ["C1", "C2"], 0)),
                             (client_for(app, "bram"), (["C2", "C1"], ["C1", "C2"], 1))):
        desc = grid_rows_of(client, app, {**FIRST_BLOCK, "sortModel": [
            {"colId": "member_professional", "sort": "desc"}]})
        asc = grid_rows_of(client, app, {**FIRST_BLOCK, "sortModel": [
            {"colId": "member_professional", "sort": "asc"}]})
        equal_2 = grid_rows_of(client, app, {**FIRST_BLOCK, "filterModel": {
            "member_professional": {"filterType": "number", "type": "equals", "filter": 2}}})
        assert ([r["combo_code"] for r in desc["rowData"]], [r["combo_code"] for r in
                asc["rowData"]], equal_2["rowCount"]) == expected


def test_the_grid_pages_sorts_and_filters_on_the_server(app):
    client = client_for(app, "bram")
    by_residents = {"sortModel": [{"colId": "residents", "sort": "asc"}], "filterModel": {}}
    second = grid_rows_of(client, app, {"startRow": 1, "endRow": 2, **by_residents})
    assert [r["combo_code"] for r in second["rowData"]] == ["C1"]  # C2 (12) then C1 (40)
    assert second["rowCount"] == 2
    named = grid_rows_of(client, app, {**FIRST_BLOCK, "filterModel": {
        "name": {"filterType": "text", "type": "contains", "filter": "f-act"}}})
    assert ([r["combo_code"] for r in named["rowData"]], named["rowCount"]) == (["C2"], 1)
    money = grid_rows_of(client, app, {**FIRST_BLOCK, "filterModel": {  # euros, as read
        "allocated": {"filterType": "number", "type": "greaterThan", "filter": 200}}})
    assert [r["combo_code"] for r in money["rowData"]] == ["C1"]


@pytest.mark.parametrize("request_", [
    "ZUID", None, ["x"], {"startRow": "0", "endRow": {"x": 1}},
    {"startRow": -5, "endRow": 10**9, "sortModel": "residents", "filterModel": ["x"]},
    {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "name; DROP TABLE x", "sort": "asc"}],
     "filterModel": {"residents": {"type": "lessThan", "filter": {"a": 1}},
                     "nope": {"type": "equals", "filter": 1}}},
])
def test_forged_grid_requests_answer_at_most_one_page(app, request_):
    answer = grid_rows_of(client_for(app, "bram"), app, request_)
    assert len(answer["rowData"]) <= 1000 and answer["rowCount"] in (0, 2)


def test_a_coordinator_sees_another_cluster_only_as_counts_per_type(app):
    response = call_callback(client_for(app, "bram"), app, ROWS,
                             {"cluster-grid.getRowsRequest": FIRST_BLOCK},
                             {"quarter-picker.value": "2025-Q2", "cluster-code.data": "ZUID"})
    assert response.status_code == 200
    assert "Huisarts Zuid" not in response.get_data(as_text=True)
    rows = response.get_json()["response"]["cluster-grid"]["getRowsResponse"]["rowData"]
    assert [(r["combo_code"], r["combos"], r["member_professional_text"]) for r in rows] == [
        ("type:huisarts", 1, "< 10")]  # C3 only (C4 ended in March): 1 professional


def test_unknown_cluster_explains(app):
    client = client_for(app, "bram")
    out = response_of(client, app, GRID,
                      {"quarter-picker.value": "2025-Q2", "cluster-code.data": "WEST"})
    assert "Er is geen cluster met de code WEST." in text_of(out["cluster-empty"]["children"])
    assert grid_rows_of(client_for(app, "chris"), app, cluster="WEST") == {"rowData": [],
                                                                          "rowCount": 0}


def test_combo_detail_on_selection(app):
    out = response_of(client_for(app, "bram"), app, "cluster-detail-body.children",
                      {"cluster-grid.selectedRows": [{"combo_code": "C1"}]},
                      {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    text = text_of(out["cluster-detail-body"]["children"])
    assert "Wijkteam Noord" in text and "Ans (wijkverpleegkundige)" in text
    assert "€ 400,00" in text and "Eigen netwerk" in text


def test_combo_of_another_cluster_is_not_shown_on_this_clusters_page(app):
    out = response_of(client_for(app, "bram"), app, "cluster-detail-body.children",
                      {"cluster-grid.selectedRows": [{"combo_code": "C3"}]},
                      {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    text = text_of(out["cluster-detail-body"]["children"])
    assert "Huisarts Zuid" not in text


def test_cluster_list_links_every_cluster(app):
    out = response_of(client_for(app, "anna"), app, "clusters-list-body.children",
                      {"quarter-picker.value": "2025-Q2"})
    serialised = json.dumps(out)
    assert "/cluster/NOORD" in serialised and "Zuid (ZUID)" in serialised


# ---------------------------------------------------------------------------------------------
# Data

def _upload(data: bytes) -> str:
    import base64

    return "data:application/zip;base64," + base64.b64encode(data).decode()


def test_upload_with_errors_shows_the_full_report(app, monkeypatch):
    import io
    import sys
    import types
    import zipfile

    class PackageInvalid(ValueError):
        def __init__(self, errors):
            self.errors = errors

    def import_package(engine, path, *, posted_by, lang):
        raise PackageInvalid([f"combos.csv:{n}: residents: fout {n}" for n in range(2, 42)])

    monkeypatch.setitem(sys.modules, "saniveld.package.importer",
                        types.SimpleNamespace(import_package=import_package))
    monkeypatch.setitem(sys.modules, "saniveld.package.errors",
                        types.SimpleNamespace(PackageInvalid=PackageInvalid))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("combos.csv", "x\n")
    out = response_of(client_for(app, "chris"), app, "data-report-body.children",
                      {"data-upload.contents": _upload(buffer.getvalue())},
                      {"data-upload.filename": "pakket.zip"})
    text = text_of(out["data-report-body"]["children"])
    assert "‘pakket.zip’ is niet ingelezen: er is niets veranderd. 40 fouten gevonden:" in text
    assert "combos.csv:2: residents: fout 2" in text and "combos.csv:41: residents: fout 41" in text


def test_upload_of_the_wrong_file_type_explains(app):
    out = response_of(client_for(app, "chris"), app, "data-report-body.children",
                      {"data-upload.contents": _upload(b"a,b\n")},
                      {"data-upload.filename": "clusters.csv"})
    assert "Dit bestandstype kunnen we niet inlezen" in text_of(out["data-report-body"]["children"])


def test_callbacks_answer_in_english_when_asked(app):
    from saniveld.web import i18n

    client = client_for(app, "anna")
    client.set_cookie(i18n.LANGUAGE_COOKIE, "en")
    out = response_of(client, app, ROLES, {"quarter-picker.value": "2025-Q2"})
    matrix = text_of(out["roles-matrix-body"]["children"])
    assert "As on 30 June 2025." in matrix and matrix.count("Vacant") == 2
    out = response_of(client, app, MONEY, {"quarter-picker.value": "2025-Q2",
                                           "money-stream.value": None})
    assert "8.0% of €1,500 goes to steering and overhead (€120). The limit is 15%." in text_of(
        out["money-overhead-body"]["children"])


def test_without_combo_detail_the_cluster_grid_shows_counts_per_type(app, monkeypatch):
    from saniveld.web import visibility

    monkeypatch.setattr(auth, "is_allowed", lambda principal, action, target=None: (
        action != visibility.VIEW_CLUSTER_DETAIL))
    client = client_for(app, "anna")
    out = response_of(client, app, GRID, {"quarter-picker.value": "2025-Q2",
                                          "cluster-code.data": "NOORD"})
    rows = grid_rows_of(client, app, {**FIRST_BLOCK, "sortModel": [
        {"colId": "type_label", "sort": "asc"}]})["rowData"]
    assert [(r["type_label"], r["combos"], r["residents"]) for r in rows] == [
        ("F-ACT-team", 1, 12), ("Wijkteam", 1, 40)]
    assert "als aantallen per soort combi" in out["cluster-summary"]["children"]
    detail = response_of(client, app, "cluster-detail-body.children",
                         {"cluster-grid.selectedRows": [{"combo_code": "C1"}]},
                         {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    assert "Wijkteam Noord" not in text_of(detail)
    net = response_of(client, app, MAP, {"quarter-picker.value": "2025-Q2"})
    assert not [e for e in net["network-map"]["elements"] if e["data"].get("kind") == "combo"]


FORGERIES = ["ZUID", "2025-Q2", "combo:C1", None, ["ZUID"], {"id": "x"}, 12, "'; DROP TABLE x; --"]


@pytest.mark.parametrize("username", ["anna", "chris"])
def test_forged_inputs_never_break_a_callback(app, username):
    client = client_for(app, username)
    for output, entry in app.callback_map.items():
        module = getattr(entry.get("callback"), "__module__", "")
        if not module.startswith("saniveld.web.pages"):  # the pages' callbacks (not the frame's)
            continue
        keys = [f"{i['id']}.{i['property']}" for i in entry["inputs"]]
        states = [f"{s['id']}.{s['property']}" for s in entry["state"]]
        for forged in FORGERIES:
            response = call_callback(client, app, output, {k: forged for k in keys},
                                     {k: forged for k in states})
            assert response.status_code in (200, 204, 403), (output, forged, response.status_code)


# ---------------------------------------------------------------------------------------------
# Notes on a combo: the coordinator of its own cluster only

NOTE = multi("combo-notes-list.children", "combo-note-status.children", "combo-note-text.value")


def _notes_in_db(app) -> list[tuple]:
    import sqlalchemy as sa

    from saniveld.db import schema

    with db.connect(app.server.config["SANIVELD_ENGINE"]) as conn:
        return [tuple(r) for r in conn.execute(sa.select(
            schema.combo_notes.c.combo_code, schema.combo_notes.c.body,
            schema.combo_notes.c.written_by))]


def test_coordinator_adds_a_note_to_a_combo_of_their_cluster(app):
    client = client_for(app, "bram")
    detail = response_of(client, app, "cluster-detail-body.children",
                         {"cluster-grid.selectedRows": [{"combo_code": "C1"}]},
                         {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    assert "Notitie toevoegen" in json.dumps(detail)
    out = response_of(client, app, NOTE, {"combo-note-add.n_clicks": 1},
                      {"combo-note-combo.data": "C1", "combo-note-text.value": "  Gesprek met de huisarts gepland.  "})
    assert "Gesprek met de huisarts gepland." in text_of(out["combo-notes-list"]["children"])
    assert out["combo-note-status"]["children"] == "De notitie is opgeslagen."
    assert out["combo-note-text"]["value"] == ""
    assert _notes_in_db(app) == [("C1", "Gesprek met de huisarts gepland.", "bram")]


def test_an_empty_note_is_refused_with_a_reason_and_nothing_is_written(app):
    out = response_of(client_for(app, "bram"), app, NOTE, {"combo-note-add.n_clicks": 1},
                      {"combo-note-combo.data": "C1", "combo-note-text.value": "   "})
    assert "lege notitie" in out["combo-note-status"]["children"]
    assert _notes_in_db(app) == []


@pytest.mark.parametrize(("username", "combo"), [
    ("bram", "C3"),      # a coordinator, on a combo of another cluster (forged store value)
    ("anna", "C1"),      # an official: may read, never write notes
    ("chris", "C1"),     # the admin neither
])
def test_a_note_outside_ones_own_cluster_is_refused_and_not_written(app, username, combo):
    response = call_callback(client_for(app, username), app, NOTE, {"combo-note-add.n_clicks": 1},
                             {"combo-note-combo.data": combo, "combo-note-text.value": "x"})
    assert response.status_code == 403
    assert _notes_in_db(app) == []


def test_others_see_no_note_form(app):
    detail = response_of(client_for(app, "anna"), app, "cluster-detail-body.children",
                         {"cluster-grid.selectedRows": [{"combo_code": "C1"}]},
                         {"quarter-picker.value": "2025-Q2", "cluster-code.data": "NOORD"})
    assert "Notitie toevoegen" not in json.dumps(detail)


def test_the_money_page_links_the_editor_only_for_whoever_may_move_money(app):
    """Only the network manager is led to /geldstromen/bewerken (the editor refuses others anyway)."""
    from saniveld.web.pages import money as money_page

    with app.server.test_request_context("/geldstromen"):
        import flask

        for principal, expected in ((auth.Principal("nm", "network_manager"), True),
                                    (PRINCIPALS["anna"], False), (PRINCIPALS["chris"], False)):
            flask.g.saniveld_principal = principal
            assert ("/geldstromen/bewerken" in json.dumps(money_page.layout().to_plotly_json(),
                                                          default=str)) is expected, principal.role
