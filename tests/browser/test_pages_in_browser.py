"""Every page loads in Chromium with no console errors, shows its heading and marks the menu."""

from __future__ import annotations

import pytest

from conftest import login

PAGES = [
    ("/", "Kwartaalreview", "Kwartaalreview"),
    ("/netwerk", "Netwerk", "Netwerk"),
    ("/rollen", "Rollen", "Rollen"),
    ("/geldstromen", "Geldstromen", "Geldstromen"),
    ("/cluster", "Clusters", "Mijn cluster"),
    ("/cluster/NOORD", "Cluster NOORD", "Mijn cluster"),
    ("/data", "Data", "Data"),
]


@pytest.mark.parametrize(("path", "heading", "menu"), PAGES)
def test_page_loads_with_heading_title_and_current_menu_item(page, live_app, path, heading, menu):
    login(page, live_app, "gemeente", next_path=path)
    assert page.url == live_app.url + path
    assert page.locator("#main h1").inner_text() == heading
    assert page.title() == f"{heading} – Stuurdashboard veerkrachtig netwerk"
    current = page.locator("nav .nav-link.is-current")
    current.wait_for()
    assert current.inner_text().startswith(menu)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".empty-state").count() >= 1


def test_menu_navigates_without_reloading_the_page(page, live_app):
    login(page, live_app, "gemeente")
    page.evaluate("window.__same_document = true")
    for _path, heading, menu in PAGES[1:5]:
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=menu).click()
        page.locator("#main h1", has_text=heading).wait_for()
    assert page.evaluate("window.__same_document") is True


def test_coordinator_menu_leads_to_their_own_cluster(page, live_app):
    login(page, live_app, "coordinator")
    page.get_by_role("link", name="Mijn cluster").click()
    page.locator("#main h1", has_text="Cluster NOORD").wait_for()
    assert page.url.endswith("/cluster/NOORD")


def test_header_shows_municipality_user_and_role(page, live_app):
    login(page, live_app, "gemeente")
    header = page.locator("header.site-header")
    assert "Gemeente Saniveld" in header.inner_text()  # the fallback before any import
    assert "Anna de Vries" in header.inner_text() and "Gemeente" in header.inner_text()
    assert page.get_by_label("Kwartaal", exact=True).is_visible()


def test_unknown_address_shows_the_not_found_page(page, live_app):
    login(page, live_app, "gemeente", next_path="/bestaat-niet")
    assert page.locator("#main h1").inner_text() == "Pagina niet gevonden"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_app):
    login(page, live_app, "gemeente")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar de hoofdinhoud"
    # The skip link becomes visible when focused (it is off-screen otherwise).
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_visible(page, live_app):
    login(page, live_app, "gemeente")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline[0] != "none" and outline[1] == "3px"


@pytest.mark.parametrize("width", [1280, 1024])
def test_no_horizontal_scrolling_on_a_laptop_screen(page, live_app, width):
    page.set_viewport_size({"width": width, "height": 720})
    login(page, live_app, "gemeente", next_path="/netwerk")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    nav_height = page.locator("nav.main-nav").bounding_box()["height"]
    assert nav_height < 60  # the menu stays on one line
