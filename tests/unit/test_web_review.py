"""The Kwartaalreview page's callbacks over HTTP (Flask test client), on the small hand-made network.

Expected values are worked out by hand from tests/unit/pages_fixture.py, quarter 2025-Q2:
The test adds cluster OOST with one combo C9 (6 residents, active since 2024, no coordinator).
- active combos C1, C2, C3, C9 (C4 ended 31 March) → 4; in Q1 all five → 5; reference 280.
- residents supported 40 + 12 + 25 + 6 = 83; in Q1 with C4's 8 → 91; reference 3600.
- experiences in Q2: E1, E2, E4, E5 → 4 per 18,000 inhabitants = 0,22 per 1000 (Q1: E3, 0,06);
  the reference in force on 30 June 2025 is 80 (agreed 15 January; 100 only from 1 July).
- organised by the resident or their network: E1 self, E2 network, E4 network, E5 self → 100 %
  (Q1: E3 by a professional → 0 %); reference 50 % → +50,0 %-punt.
- overhead: 120 of the 1.500 the funders allocated = 8,0 % (boundary: below 15 %).
- ZUID (P1 ended 31 March) and OOST have no coordinator at the end of Q2: 2, the boundary is
  crossed.
"""

from __future__ import annotations

from decimal import Decimal

import datetime as dt

import pytest
import sqlalchemy as sa

from pages_fixture import small_network_app
from saniveld.db import summary
from saniveld import audit
from saniveld.db import engine as db
from saniveld.db import schema as s
from saniveld.levers import compute_indicators
from saniveld.web import auth
from saniveld.web import figures
from saniveld.web.indicator_format import indicator_value
from saniveld.web.testing import call_callback, callback_body, signed_in_client

PASSWORD = "pw-test-12345"
PRINCIPALS = {
    "anna": auth.Principal("anna", "official", display_name="Anna de Vries"),
    "fenna": auth.Principal("fenna", "funder", funder_code="GEM"),
    "nina": auth.Principal("nina", "network_manager"),
    "bram": auth.Principal("bram", "coordinator", cluster_code="NOORD"),
    "olga": auth.Principal("olga", "coordinator", cluster_code="OOST"),
}


def multi(*outputs: str) -> str:
    return ".." + "...".join(outputs) + ".."


INDICATORS = multi("review-status.children", "review-flywheel-body.children",
                   "review-boundaries-body.children", "review-diagnostics-body.children")
DIALOGUE = multi("review-notes-body.children", "review-initiatives-body.children",
                 "review-followup-initiative.options", "review-dialogue-status.children",
                 "review-note-save.disabled", "review-close-button.disabled",
                 "review-close.message")
SAVE_NOTE = multi("review-note-message.children", "review-note-saved.data",
                  "review-note-text.value")
CLOSE = multi("review-close-message.children", "review-close-saved.data")
SAVE_INITIATIVE = multi("review-initiative-message.children", "review-initiative-saved.data",
                        "review-initiative-title.value", "review-initiative-description.value")
SAVE_FOLLOWUP = multi("review-followup-message.children", "review-followup-saved.data",
                      "review-followup-note.value")


def _oost(conn) -> None:
    """A third cluster with one small combo (6 residents), for the small-count rule."""
    conn.execute(s.clusters.insert(), {"cluster_code": "OOST", "name": "Oost"})
    conn.execute(s.combos.insert(), {"combo_code": "C9", "name": "Klein Oost",
                                     "cluster_code": "OOST", "combo_type": "wijkteam",
                                     "started_on": dt.date(2024, 1, 1), "ended_on": None,
                                     "residents": 6})
    summary.rebuild(conn)


@pytest.fixture
def app(db_url):
    return small_network_app(db_url, PRINCIPALS.values(), PASSWORD, more=_oost)


@pytest.fixture
def engine(app, db_url):
    engine = db.command_engine(db_url)
    yield engine
    engine.dispose()


def signed(app, username, lang=None):
    return signed_in_client(app, username, PASSWORD, lang=lang)


def response_of(client, app, output, inputs=None, state=None):
    response = call_callback(client, app, output, inputs, state)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def _nodes(tree):
    if isinstance(tree, list):
        for item in tree:
            yield from _nodes(item)
    elif isinstance(tree, dict):
        if "props" in tree:
            yield tree
            yield from _nodes(tree["props"].get("children"))
        else:
            for value in tree.values():
                yield from _nodes(value)


def text_of(tree) -> str:
    """Every string in a component tree, as one line with single spaces."""
    return " ".join(" ".join(_strings(tree)).split())


def _strings(tree):
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, list):
        for item in tree:
            yield from _strings(item)
    elif isinstance(tree, dict):
        if "props" in tree:
            yield from _strings(tree["props"].get("children"))
        else:
            for value in tree.values():
                yield from _strings(value)


def card(tree, code):
    found = [n for n in _nodes(tree) if n["props"].get("data-code") == code]
    assert found, f"no card for {code}"
    return found[0]


def card_value(tree, code) -> str:
    spans = [n for n in _nodes(card(tree, code)) if n["props"].get("className") == "indicator-value num"]
    return spans[0]["props"]["children"]


def indicators(client, app, quarter="2025-Q2", cluster=None, compare=None):
    return response_of(client, app, INDICATORS, {
        "quarter-picker.value": quarter, "review-cluster.value": cluster,
        "review-compare.value": compare, "review-close-saved.data": 0})


def save_note(client, app, text, quarter="2025-Q2", lever="diagnostic", kind="note"):
    return call_callback(client, app, SAVE_NOTE,
                         {"review-note-save.n_clicks": 1},
                         {"quarter-picker.value": quarter, "review-note-lever.value": lever,
                          "review-note-kind.value": kind, "review-note-text.value": text})


def count_rows(engine, table) -> int:
    with db.connect(engine) as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


# --- reading -------------------------------------------------------------------------------------


def test_cards_show_the_quarters_values_in_dutch(app, engine):
    out = indicators(signed(app, "anna"), app)
    cards = out["review-diagnostics-body"]["children"]
    assert card_value(cards, "combos_active") == "4"
    active = text_of(card(cards, "combos_active"))
    assert "280" in active and "-276" in active and "▼ -1" in active and "was 5" in active
    assert card_value(cards, "residents_supported") == "83"
    assert "was 91" in text_of(card(cards, "residents_supported"))
    assert card_value(cards, "experiences_per_1000_inhabitants") == "0,2"
    per_1000 = text_of(card(cards, "experiences_per_1000_inhabitants"))
    assert "80,0" in per_1000 and "-79,8" in per_1000 and "15 januari 2025" in per_1000
    assert card_value(cards, "self_or_network_share") == "100,0 %"
    own = text_of(card(cards, "self_or_network_share"))
    assert "+50,0 %-punt" in own and "▲ +100,0 %-punt" in own and "was 0,0 %" in own
    # Every card shows what compute_indicators says, in Dutch format.
    with db.connect(engine) as conn:
        results = [r for r in compute_indicators(conn, "2025-Q2") if r.lever == "diagnostic"]
    for r in results:
        assert card_value(cards, r.code) == indicator_value(r.value, r.unit, "nl"), r.code
    assert "Het hele netwerk." in text_of(out["review-status"]["children"])


def test_reference_agreement_is_on_hover_and_on_expanding(app):
    cards = indicators(signed(app, "anna"), app)["review-diagnostics-body"]["children"]
    titled = [n["props"]["title"] for n in _nodes(card(cards, "residents_supported"))
              if n["props"].get("title", "").startswith("Afgesproken")]
    assert titled == ["Afgesproken op 15 januari 2025 door Gemeente Saniveld, Zorgkantoor."]


def test_cards_carry_a_sparkline_over_every_quarter(app):
    cards = indicators(signed(app, "anna"), app)["review-diagnostics-body"]["children"]
    graphs = [n for n in _nodes(card(cards, "combos_active")) if "figure" in n["props"]]
    figure = graphs[0]["props"]["figure"]
    line = figure["data"][0]
    assert line["x"] == ["1e kwartaal 2025", "2e kwartaal 2025"]
    assert line["y"] == [5.0, 4.0]
    assert figure["data"][1]["x"] == ["2e kwartaal 2025"]  # the chosen quarter marked
    assert figure["layout"]["shapes"][0]["y0"] == 280.0  # the reference point, dotted


def test_boundaries_say_crossed_or_within_with_the_limit(app):
    out = indicators(signed(app, "anna"), app)["review-boundaries-body"]["children"]
    overhead = text_of(card(out, "overhead_share"))
    assert "Binnen de grens" in overhead and "8,0 %" in overhead and "moet onder 15 % blijven" in overhead
    coordinator = text_of(card(out, "clusters_without_coordinator"))
    assert "Overschreden" in coordinator and "Waarde: 2" in coordinator and "moet 0 zijn" in coordinator


def test_flywheel_places_the_key_indicators(app):
    out = indicators(signed(app, "anna"), app)["review-flywheel-body"]["children"]
    texts = " ".join(a.get("text", "") for n in _nodes(out) if "figure" in n["props"]
                     for a in n["props"]["figure"]["layout"]["annotations"])
    assert "Actieve combi's: <b>4</b> ▼" in texts
    assert "Zelf of met eigen netwerk: <b>100,0 %</b> ▲" in texts
    assert "Aansluiten op" in texts and "Openstellen" in texts


def test_compare_with_an_earlier_quarter(app):
    cards = indicators(signed(app, "anna"), app, compare="2025-Q1")["review-diagnostics-body"]["children"]
    assert "sinds 1e kwartaal 2025" in text_of(card(cards, "combos_active"))
    # A "comparison" with a later quarter is ignored: back to the previous quarter.
    cards = indicators(signed(app, "anna"), app, compare="2026-Q1")["review-diagnostics-body"]["children"]
    assert "sinds vorig kwartaal" in text_of(card(cards, "combos_active"))


def test_small_resident_counts_are_hidden_outside_the_cluster(app):
    official = indicators(signed(app, "anna"), app, cluster="OOST")
    assert card_value(official["review-diagnostics-body"]["children"], "residents_supported") == "< 10"
    assert "Cluster Oost." in text_of(official["review-status"]["children"])
    own = indicators(signed(app, "olga"), app, cluster="OOST")
    assert card_value(own["review-diagnostics-body"]["children"], "residents_supported") == "6"
    other = indicators(signed(app, "bram"), app, cluster="OOST")
    assert card_value(other["review-diagnostics-body"]["children"], "residents_supported") == "< 10"


def test_no_quarter_gives_empty_states(app):
    out = indicators(signed(app, "anna"), app, quarter=None)
    assert "Nog geen gegevens" in text_of(out["review-diagnostics-body"]["children"])


def test_english(app):
    out = indicators(signed(app, "anna", lang="en"), app)
    cards = out["review-diagnostics-body"]["children"]
    assert card_value(cards, "self_or_network_share") == "100.0%"
    text = text_of(card(cards, "self_or_network_share"))
    assert "Reference point" in text and "+50.0 pp" in text and "Since the previous quarter" in text
    assert "Within the limit" in text_of(out["review-boundaries-body"]["children"])
    assert "The whole network." in text_of(out["review-status"]["children"])


# --- writing -------------------------------------------------------------------------------------


def test_an_official_adds_a_note_audited_and_shown(app, engine):
    with db.connect(engine) as conn:
        version = db.data_version(conn)
    client = signed(app, "anna")
    response = save_note(client, app, "Waarom minder combi's?")
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert "Toegevoegd aan de review van 2e kwartaal 2025." in text_of(body["review-note-message"])
    assert body["review-note-text"]["value"] == ""
    with db.connect(engine) as conn:
        notes = conn.execute(sa.select(s.review_notes)).all()
        assert [(n.lever, n.kind, n.body, n.written_by) for n in notes] == [
            ("diagnostic", "note", "Waarom minder combi's?", "anna")]
        assert db.data_version(conn) == version  # a note changes no indicator
        assert db.review_version(conn) > 0
        entries = [(e.username, e.action, e.outcome) for e in audit.entries(conn)]
        assert ("anna", "edit_review", "ok") in entries
        assert audit.verify(conn) == []
    dialogue = response_of(client, app, DIALOGUE, {"quarter-picker.value": "2025-Q2"})
    notes_text = text_of(dialogue["review-notes-body"]["children"])
    assert "Waarom minder combi's?" in notes_text and "Indicatoren" in notes_text and "anna" in notes_text


def test_a_note_keeps_the_indicator_cache_yet_shows_at_once(app, engine):
    from saniveld import cache

    server = app.server.config["SANIVELD_ENGINE"]
    client = signed(app, "anna")
    indicators(client, app)  # the page's parts, and the indicators behind them, now cached
    facts = cache.facts(server)
    dialogue = response_of(client, app, DIALOGUE, {"quarter-picker.value": "2025-Q2"})
    assert "Eerst gezien" not in text_of(dialogue["review-notes-body"]["children"])
    save_note(client, app, "Eerst gezien")
    assert cache.facts(server) is facts  # not thrown away by a note
    dialogue = response_of(client, app, DIALOGUE, {"quarter-picker.value": "2025-Q2"})
    assert "Eerst gezien" in text_of(dialogue["review-notes-body"]["children"])


def test_closing_shows_on_the_cached_page_at_once(app, engine):
    client = signed(app, "anna")
    assert "afgesloten" not in text_of(indicators(client, app)["review-status"]["children"])
    response_of(client, app, CLOSE, {"review-close.submit_n_clicks": 1}, {"quarter-picker.value": "2025-Q2"})
    assert "afgesloten door anna" in text_of(indicators(client, app)["review-status"]["children"])


def test_a_decision_on_the_boundaries_lever(app, engine):
    save_note(signed(app, "anna"), app, "Coördinator Zuid werven", lever="boundaries", kind="decision")
    with db.connect(engine) as conn:
        row = conn.execute(sa.select(s.review_notes)).one()
    assert (row.lever, row.kind) == ("boundaries", "decision")


@pytest.mark.parametrize("username", ["fenna", "bram", "nina"])
def test_others_may_not_write_notes(app, engine, username):
    response = save_note(signed(app, username), app, "mag niet")
    assert response.status_code == 403
    assert count_rows(engine, s.review_notes) == 0
    assert count_rows(engine, s.reviews) == 0
    with db.connect(engine) as conn:
        assert any(e.username == username and e.outcome == "refused" for e in audit.entries(conn))


def test_an_empty_note_is_refused_with_a_message_and_nothing_written(app, engine):
    response = save_note(signed(app, "anna"), app, "   ")
    assert "Niet opgeslagen" in text_of(response.get_json()["response"]["review-note-message"])
    assert count_rows(engine, s.review_notes) == 0


def test_a_forged_click_writes_nothing(app, engine):
    client = signed(app, "anna")
    response = call_callback(client, app, SAVE_NOTE, {"review-note-save.n_clicks": "2025-Q2"},
                             {"quarter-picker.value": "2025-Q2",
                              "review-note-lever.value": "diagnostic",
                              "review-note-kind.value": "note",
                              "review-note-text.value": "x"})
    assert response.status_code == 204
    assert count_rows(engine, s.review_notes) == 0


def test_initiatives_and_follow_up_by_the_network_manager(app, engine):
    client = signed(app, "nina")
    body = response_of(client, app, SAVE_INITIATIVE, {"review-initiative-save.n_clicks": 1}, {
        "quarter-picker.value": "2025-Q2", "review-initiative-title.value": "Coördinator Zuid",
        "review-initiative-owner.value": "Netwerkmanager",
        "review-initiative-responds.value": "clusters_without_coordinator",
        "review-initiative-description.value": ""})
    initiative_id = body["review-initiative-saved"]["data"]
    assert "Initiatief toegevoegd." in text_of(body["review-initiative-message"])
    body = response_of(client, app, SAVE_FOLLOWUP, {"review-followup-save.n_clicks": 1}, {
        "quarter-picker.value": "2025-Q2", "review-followup-initiative.value": initiative_id,
        "review-followup-status.value": "in_progress",
        "review-followup-note.value": "Gesprekken gevoerd"})
    assert "Opvolging vastgelegd." in text_of(body["review-followup-message"])
    dialogue = response_of(client, app, DIALOGUE, {"quarter-picker.value": "2025-Q2"})
    text = text_of(dialogue["review-initiatives-body"]["children"])
    assert "Coördinator Zuid" in text and "status: loopt" in text
    assert "Naar aanleiding van: Clusters zonder coördinator" in text
    assert "Gesprekken gevoerd" in text
    assert dialogue["review-followup-initiative"]["options"] == [
        {"label": "Coördinator Zuid", "value": initiative_id}]
    with db.connect(engine) as conn:
        actions = [(e.username, e.action) for e in audit.entries(conn) if e.outcome == "ok"]
    assert actions.count(("nina", "edit_initiatives")) == 2


def test_a_funder_may_not_add_initiatives(app, engine):
    response = call_callback(signed(app, "fenna"), app, SAVE_INITIATIVE,
                             {"review-initiative-save.n_clicks": 1},
                             {"quarter-picker.value": "2025-Q2",
                              "review-initiative-title.value": "x",
                              "review-initiative-owner.value": "y"})
    assert response.status_code == 403
    assert count_rows(engine, s.initiatives) == 0


def test_a_closed_quarter_shows_the_frozen_value(app, engine):
    client = signed(app, "anna")
    body = response_of(client, app, CLOSE, {"review-close.submit_n_clicks": 1},
                       {"quarter-picker.value": "2025-Q2"})
    assert "is afgesloten" in text_of(body["review-close-message"])
    # Later data: one more combo active in Q2 (the current count becomes 5).
    with db.transaction(engine) as conn:
        conn.execute(s.combos.insert(), {"combo_code": "C8", "name": "Later", "cluster_code": "NOORD",
                                         "combo_type": "wijkteam", "started_on": dt.date(2025, 5, 1),
                                         "ended_on": None, "residents": 30})
        summary.rebuild(conn)
        db.bump_data_version(conn)
    out = indicators(client, app)
    cards = out["review-diagnostics-body"]["children"]
    assert card_value(cards, "combos_active") == "4"
    active = text_of(card(cards, "combos_active"))
    assert "bij de review" in active and "Later bijgewerkt: nu 5." in active
    assert "afgesloten door anna" in text_of(out["review-status"]["children"])
    # Nothing can be added any more.
    response = save_note(client, app, "te laat")
    assert "afgesloten" in text_of(response.get_json()["response"]["review-note-message"])
    assert count_rows(engine, s.review_notes) == 0
    dialogue = response_of(client, app, DIALOGUE, {"quarter-picker.value": "2025-Q2"})
    assert dialogue["review-note-save"]["disabled"] is True


def test_a_funder_may_not_close_the_review(app, engine):
    response = call_callback(signed(app, "fenna"), app, CLOSE, {"review-close.submit_n_clicks": 1},
                             {"quarter-picker.value": "2025-Q2"})
    assert response.status_code == 403
    assert count_rows(engine, s.reviews) == 0


# --- figures without a browser -------------------------------------------------------------------


def test_flywheel_figure_turns_through_the_three_steps():
    """The page's flywheel is the report's builder, fed with the viewer's (suppressed) texts."""
    from saniveld import figures as shared

    figure = shared.flywheel_figure(
        [shared.KeyFigure("combos_active", "Actieve combi's", Decimal("287"), "count", "up"),
         shared.KeyFigure("residents_supported", "Ondersteunde bewoners", Decimal("7"), "count",
                          None, value_text="< 10"),
         shared.KeyFigure("resource_group_share", "Met resourcegroep", Decimal("24.7"),
                          "percent", None, value_text="24,7 %")],
        "nl", width=None, centre="3e kwartaal 2026")
    texts = [a.text for a in figure.layout.annotations]
    assert "<b>Aansluiten op<br>behoeften</b>" in texts
    assert "<b>Veerkracht-<br>ervaringen</b>" in texts
    assert "<b>Openstellen<br>voor waarden</b>" in texts
    assert any("Actieve combi's: <b>287</b> ▲" in t for t in texts)
    assert any("<b>&lt; 10</b>" in t or "<b>< 10</b>" in t for t in texts)
    assert not any("<b>7</b>" in t for t in texts)  # the suppressed count never reaches the picture
    assert any("<b>24,7 %</b>" in t for t in texts)
    assert "3e kwartaal 2026" in texts
    arrows = [a for a in figure.layout.annotations if a.showarrow]
    assert len(arrows) == 3


def test_sparkline_leaves_a_gap_for_a_hidden_value():
    figure = figures.sparkline_figure([("2025-Q1", None), ("2025-Q2", 12)], ["< 10", "12"], "nl",
                                      marked="2025-Q2")
    assert figure["data"][0]["y"] == [None, 12.0]
    assert figure["data"][0]["customdata"] == ["< 10", "12"]
    assert figure["layout"]["shapes"] == []


# --- the report download -------------------------------------------------------------------------


REPORT = "..review-report-file.data...review-report-status.children.."
QUARTER = "2025-Q2"


def test_report_download_gives_the_xlsx_of_the_chosen_quarter_and_is_audited(app, engine):
    import base64
    import io

    import openpyxl
    import sqlalchemy as sa

    from saniveld.db import schema as s

    client = signed(app, "anna")
    body = callback_body(app, REPORT, {"review-report-pdf.n_clicks": 0,
                                       "review-report-xlsx.n_clicks": 1},
                         {"quarter-picker.value": QUARTER, "review-cluster.value": None})
    body["changedPropIds"] = ["review-report-xlsx.n_clicks"]
    response = client.post("/_dash-update-component", json=body,
                           headers={auth.CSRF_HEADER: client.get_cookie(auth.CSRF_COOKIE).value})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    out = response.get_json()["response"]
    assert out["review-report-file"]["data"]["filename"] == f"kwartaalrapportage-{QUARTER}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(out["review-report-file"]["data"]["content"])))
    assert len(workbook.sheetnames) >= 3
    with engine.connect() as conn:
        actions = [r for (r,) in conn.execute(sa.select(s.audit_log.c.action))]
    assert "export_report" in actions
