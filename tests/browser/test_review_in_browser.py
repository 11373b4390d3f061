"""The Kwartaalreview in Chromium on the small network: the flywheel, the indicator cards with
their sparklines and the boundaries appear; an official adds a note; no console errors.

Set ``SANIVELD_SCREENSHOTS=DIR`` to also save a screenshot of the page into DIR.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import LiveApp, login, memory_backend

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from pages_fixture import insert_small_network  # noqa: E402

from saniveld.db import engine as db  # noqa: E402


@pytest.fixture
def live_network(serve_app, db_url) -> LiveApp:
    engine = db.command_engine(db_url)
    db.create_schema(engine)
    with db.transaction(engine) as conn:
        insert_small_network(conn)
        db.bump_data_version(conn)
    engine.dispose()
    backend, passwords = memory_backend()
    app, url = serve_app(db_url, backend)
    return LiveApp(url=url, db_url=db_url, app=app, passwords=passwords)


def test_review_shows_flywheel_cards_boundaries_and_takes_a_note(page, live_network):
    login(page, live_network, "gemeente")
    page.locator("#review-flywheel-graph .scatterlayer").first.wait_for()
    cards = page.locator(".indicator-card")
    cards.first.locator(".sparkline .scatterlayer").wait_for()
    assert cards.count() == 15
    assert page.locator(".indicator-card .sparkline").count() == 15
    active = page.locator('.indicator-card[data-code="combos_active"]')
    assert active.locator(".indicator-value").inner_text() == "3"
    boundaries = page.locator("#review-boundaries-body")
    assert "Binnen de grens" in boundaries.inner_text()
    assert "Overschreden" in boundaries.inner_text()  # Zuid has no coordinator
    assert "Alles richten op de essentie" in page.locator("#review-beliefs").inner_text()

    page.get_by_label("Tekst", exact=True).fill("Waarom is er een cluster zonder coördinator?")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    page.locator("#review-notes-body").get_by_text(
        "Waarom is er een cluster zonder coördinator?").wait_for()
    assert "Toegevoegd aan de review" in page.locator("#review-note-message").inner_text()
    folder = os.environ.get("SANIVELD_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / "kwartaalreview-klein.png"), full_page=True)


def test_review_is_read_only_for_a_coordinator(page, live_network):
    login(page, live_network, "coordinator")
    page.locator(".indicator-card").first.wait_for()
    assert not page.locator("#review-note-form").is_visible()
    assert page.get_by_text("U kunt de review lezen").is_visible()
