"""The language switch changes every label, and the choice sticks."""

from __future__ import annotations

from conftest import login


def test_switching_to_english_and_back(page, live_app):
    login(page, live_app, "gemeente", next_path="/rollen")
    assert page.locator("#main h1").inner_text() == "Rollen"

    page.get_by_role("link", name="English").click()
    page.locator("#main h1", has_text="Roles").wait_for()
    assert page.url == live_app.url + "/rollen"  # back on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main menu")
    for name in ("Quarterly review", "Network", "Money flows", "My cluster", "Data"):
        assert nav.get_by_role("link", name=name, exact=True).count() == 1
    assert nav.get_by_role("link", name="Roles (current page)", exact=True).count() == 1
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_label("Quarter", exact=True).is_visible()
    assert page.get_by_role("heading", name="Vacant roles").is_visible()
    assert page.title() == "Roles – Resilient network steering dashboard"

    # The choice sticks while navigating and reloading.
    nav.get_by_role("link", name="Money flows").click()
    page.locator("#main h1", has_text="Money flows").wait_for()
    page.reload()
    page.locator("#main h1", has_text="Money flows").wait_for()

    page.get_by_role("link", name="Nederlands").click()
    page.locator("#main h1", has_text="Geldstromen").wait_for()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("button", name="Uitloggen").is_visible()


def test_language_links_follow_client_side_navigation(page, live_app):
    login(page, live_app, "gemeente")
    page.get_by_role("link", name="Netwerk").click()
    page.locator("#main h1", has_text="Netwerk").wait_for()
    page.get_by_role("link", name="English").click()
    page.locator("#main h1", has_text="Network").wait_for()
    assert page.url == live_app.url + "/netwerk"


def test_login_page_switches_language_too(page, live_app):
    page.goto(live_app.url + "/login")
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert page.get_by_label("User name").is_visible()
