"""Browser tests: the real app in a background thread, driven by Debian's headless Chromium.

- :func:`serve_app` starts ``create_app(db_url)`` on a free port (werkzeug, threaded) and
  stops it afterwards; :func:`live_app` is one on a fresh DuckDB file with a user per role.
- :func:`page` is a Playwright page (1280×720, Dutch locale) that records every console error,
  uncaught exception and failed request of the app; a test with any of them fails.
- :func:`login` signs a page in through the login form, as a person would.

Never ``playwright install``: the browser is /usr/bin/chromium (scripts/install-system-deps.sh).
"""

from __future__ import annotations

import secrets
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from saniveld.web import auth, create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveApp:
    url: str
    db_url: str
    app: object
    passwords: dict[str, str] = field(default_factory=dict)


TEST_PRINCIPALS = {
    "gemeente": auth.Principal("gemeente", "official", display_name="Anna de Vries"),
    "coordinator": auth.Principal(
        "coordinator", "coordinator", display_name="Bram Jansen", cluster_code="NOORD"
    ),
    "beheer": auth.Principal("beheer", "admin", display_name="Chris Bakker"),
}


def memory_backend() -> tuple[auth.MemoryAuthBackend, dict[str, str]]:
    passwords = {name: secrets.token_urlsafe(12) for name in TEST_PRINCIPALS}
    backend = auth.MemoryAuthBackend.with_passwords(
        [(TEST_PRINCIPALS[name], pw) for name, pw in passwords.items()]
    )
    return backend, passwords


@pytest.fixture
def serve_app():
    """Start apps on free ports: ``serve_app(db_url, auth_backend=None) -> base URL``."""
    servers = []

    def start(db_url: str, auth_backend=None):
        app = create_app(db_url, config={"auth_backend": auth_backend} if auth_backend else None)
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return app, f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def live_app(serve_app, db_url) -> LiveApp:
    """The dashboard on a fresh DuckDB file, with a user per role (passwords in .passwords)."""
    backend, passwords = memory_backend()
    app, url = serve_app(db_url, backend)
    return LiveApp(url=url, db_url=db_url, app=app, passwords=passwords)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class BrowserProblems:
    """Console errors, uncaught page errors and failed requests seen during a test."""

    def __init__(self):
        self.items: list[str] = []
        self.allowed: list[str] = []

    def allow(self, fragment: str) -> None:
        """Expect (and ignore) problems containing `fragment`, e.g. a deliberate 401."""
        self.allowed.append(fragment)

    def add(self, text: str) -> None:
        self.items.append(text)

    def unexpected(self) -> list[str]:
        return [p for p in self.items if not any(a in p for a in self.allowed)]


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(browser, browser_problems, serve_app):
    # Depending on serve_app makes the page close before the servers stop (no stray resets).
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda msg: browser_problems.add(f"console.{msg.type}: {msg.text}")
        if msg.type == "error"
        else None,
    )
    page.on("pageerror", lambda exc: browser_problems.add(f"pageerror: {exc}"))
    # A request the browser itself abandons (net::ERR_ABORTED: the page navigated away, e.g.
    # a language switch or logout, while a callback was in flight) is not a fault of the app;
    # server faults arrive as HTTP statuses and console errors, which still fail the test.
    page.on(
        "requestfailed",
        lambda req: None if "ERR_ABORTED" in (req.failure or "")
        else browser_problems.add(f"requestfailed: {req.url} {req.failure}"),
    )
    yield page
    context.close()
    problems = browser_problems.unexpected()
    assert not problems, "browser reported problems:\n" + "\n".join(problems)


def login(page, live: LiveApp, username: str, next_path: str = "/") -> None:
    """Sign in through the login form and wait for the dashboard frame."""
    page.goto(f"{live.url}/login?next={next_path}")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(live.passwords[username])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("#main h1")
