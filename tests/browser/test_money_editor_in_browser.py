"""The allocation editor in Chromium: what-if, commit, and two sessions editing the same quarter."""

from __future__ import annotations

import secrets
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM_ARGS, VIEWPORT, LiveApp, login  # noqa: F401
from saniveld.db import engine as db
from saniveld.web import auth
from tests.unit.flows_fixture import load, positions

NINA = auth.Principal("nina", "network_manager", display_name="Nina Manager")
COR = auth.Principal("cor", "coordinator", display_name="Cor", cluster_code="NOORD")


@pytest.fixture
def editor_app(serve_app, engine, db_url) -> LiveApp:
    load(engine)
    passwords = {p.username: secrets.token_urlsafe(12) for p in (NINA, COR)}
    backend = auth.MemoryAuthBackend.with_passwords([(NINA, passwords["nina"]), (COR, passwords["cor"])])
    app, url = serve_app(db_url, backend)
    return LiveApp(url=url, db_url=db_url, app=app, passwords=passwords)


def open_recipients(page) -> None:
    """Open the recipient dropdown and wait until its search box has the focus: letters typed
    before that (a few milliseconds after the click) go to the closed button and are lost."""
    page.locator("#editor-to").click()
    expect(page.locator("input.dash-dropdown-search")).to_be_focused()


def fill_move(page, amount: str) -> None:
    page.locator("#editor-grid .ag-row").first.wait_for()  # the quarter's data (and the options) are in
    page.get_by_label("Van (ontvanger die afstaat)").fill("NOORD")
    open_recipients(page)
    page.keyboard.type("ZUID")  # the dropdown searches its codes
    # Click the match rather than press Enter: under load Enter could land before the search
    # had narrowed the list and choose its first code (C1) instead (the old flake of this test).
    page.get_by_role("option", name="ZUID", exact=True).click()
    expect(page.locator("#editor-to")).to_contain_text("ZUID")
    page.get_by_label("Bedrag (€)").fill(amount)
    page.get_by_label("Reden (verplicht)").fill("herverdeling na review")
    page.get_by_label("Reden (verplicht)").press("Tab")


def test_preview_and_commit(page, editor_app, engine):
    login(page, editor_app, "nina", next_path="/geldstromen/bewerken")
    assert page.locator("#main h1").inner_text() == "Geldstromen bewerken"
    page.locator("#editor-grid .ag-row").first.wait_for()
    fill_move(page, "50,00")
    page.get_by_role("button", name="Bekijk effect").click()
    page.locator("#editor-whatif-body .verdict.ok").wait_for()
    assert page.locator("#editor-whatif-body table").count() == 2
    page.get_by_role("button", name="Vastleggen").click()
    page.locator("#editor-message .message-ok").wait_for()
    with db.connect(engine) as conn:
        assert positions(conn)[("FA", "ZUID")] == Decimal("350.00")


def test_two_sessions_the_second_commit_gets_a_fresh_preview(browser, editor_app, engine, browser_problems):
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
        p = context.new_page()
        p.set_default_timeout(15_000)
        p.on("pageerror", lambda exc: browser_problems.add(f"pageerror: {exc}"))
        login(p, editor_app, "nina", next_path="/geldstromen/bewerken")
        fill_move(p, "20")  # twice 20: NOORD keeps enough for what it allocated (550)
        p.get_by_role("button", name="Bekijk effect").click()
        p.locator("#editor-whatif-body .verdict.ok").wait_for()
        pages.append(p)
    first, second = pages
    first.get_by_role("button", name="Vastleggen").click()
    first.locator("#editor-message .message-ok").wait_for()
    second.get_by_role("button", name="Vastleggen").click()
    second.get_by_text("Iemand anders heeft dit kwartaal intussen gewijzigd").wait_for()
    with db.connect(engine) as conn:
        assert positions(conn)[("FA", "ZUID")] == Decimal("320.00")  # once
    second.locator("#editor-whatif-body .verdict.ok").wait_for()  # the fresh preview
    second.get_by_role("button", name="Vastleggen").click()  # on the fresh preview, on purpose
    second.locator("#editor-message .message-ok").wait_for()
    with db.connect(engine) as conn:
        assert positions(conn)[("FA", "ZUID")] == Decimal("340.00")
    for p in pages:
        p.context.close()
    assert not browser_problems.unexpected()


def _searches_sent(page) -> list[str]:
    """The bodies of the requests that ask the server to search the recipient codes, as sent."""
    sent: list[str] = []

    def seen(request):
        body = request.post_data or ""
        if "_dash-update-component" in request.url and '"editor-to-search"' in body:
            sent.append(body)

    page.on("request", seen)
    return sent


def test_a_short_recipient_list_is_searched_in_the_browser(page, editor_app):
    searches = _searches_sent(page)
    login(page, editor_app, "nina", next_path="/geldstromen/bewerken")
    fill_move(page, "50,00")  # types ZUID in the dropdown and picks it
    page.get_by_role("button", name="Bekijk effect").click()
    page.locator("#editor-whatif-body .verdict.ok").wait_for()
    assert searches == []  # eight codes, all in the dropdown: no request per keystroke


def test_a_long_recipient_list_is_searched_on_the_server(page, editor_app, monkeypatch):
    from saniveld.web.pages import money_editor

    monkeypatch.setattr(money_editor, "ALL_CODES_UP_TO", 3)  # the fixture's eight codes are "many"
    monkeypatch.setattr(money_editor, "SEARCH_LIMIT", 2)  # so the first list holds C1 and C2 only
    searches = _searches_sent(page)
    login(page, editor_app, "nina", next_path="/geldstromen/bewerken")
    page.locator("#editor-grid .ag-row").first.wait_for()
    open_recipients(page)
    expect(page.get_by_role("option")).to_have_count(2)
    page.keyboard.type("ZU", delay=150)  # at a person's pace: each letter is answered
    page.get_by_role("option", name="ZUID", exact=True).click()
    expect(page.locator("#editor-to")).to_contain_text("ZUID")
    assert any('"value":"ZU"' in body for body in searches), searches


def test_a_coordinator_gets_a_refusal_page(page, editor_app, browser_problems):
    browser_problems.allow("403")
    login(page, editor_app, "cor", next_path="/geldstromen/bewerken")
    page.get_by_text("Geen toegang").wait_for()
    assert page.locator("#editor-move").count() == 0
