"""Login, logout and the security headers, as a browser sees them."""

from __future__ import annotations

from conftest import login


def test_unauthenticated_visit_goes_to_login_and_back_after_signing_in(page, live_app):
    page.goto(live_app.url + "/geldstromen")
    assert page.url.startswith(live_app.url + "/login?next=")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    page.get_by_label("Gebruikersnaam").fill("gemeente")
    page.get_by_label("Wachtwoord").fill(live_app.passwords["gemeente"])
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#main h1", has_text="Geldstromen").wait_for()
    assert page.url == live_app.url + "/geldstromen"


def test_wrong_password_shows_a_message_that_reveals_nothing(page, live_app):
    page.goto(live_app.url + "/login")
    page.get_by_label("Gebruikersnaam").fill("gemeente")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    alert = page.get_by_role("alert")
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet." in alert.inner_text()
    assert page.get_by_label("Gebruikersnaam").input_value() == "gemeente"
    assert page.get_by_label("Wachtwoord").input_value() == ""


def test_logout_ends_the_session(page, live_app):
    login(page, live_app, "gemeente")
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_text("U bent uitgelogd.").wait_for()
    page.goto(live_app.url + "/rollen")
    assert page.url.startswith(live_app.url + "/login")


def test_dash_endpoints_refuse_a_browser_without_session(page, live_app, browser_problems):
    browser_problems.allow("401")  # the deliberate refusals below
    page.goto(live_app.url + "/login")
    statuses = page.evaluate(
        """async () => Promise.all(
            ['/_dash-layout', '/_dash-dependencies'].map(async u => (await fetch(u)).status))"""
    )
    assert statuses == [401, 401]


def test_security_headers_reach_the_browser(page, live_app):
    page.goto(live_app.url + "/login")
    response = page.request.get(live_app.url + "/login")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_an_expired_session_sends_the_page_back_to_login(page, live_app, browser_problems):
    browser_problems.allow("401")
    # Requests still in flight when the page leaves for /login are aborted by the browser:
    # which ones depends on timing (callbacks, _dash-layout, assets), so any abort is expected.
    browser_problems.allow("net::ERR_ABORTED")
    login(page, live_app, "gemeente", next_path="/rollen")
    # The session ends on the server (as after idle expiry) while the page stays open.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "saniveld_session")
    live_app.app.server.config["SANIVELD_AUTH"].close_session(token)
    page.get_by_role("link", name="Netwerk").click()
    page.wait_for_url(lambda url: "/login?next=" in url)
    assert "%2Fnetwerk" in page.url or "%2Frollen" in page.url
