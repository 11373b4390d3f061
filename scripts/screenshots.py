"""Screenshots of every page on the Saniveld demo data, for the README (docs/screenshots/).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--quarter 2025-Q4]

Imports data/demo into a temporary DuckDB file, serves the dashboard on a free port, signs in
as the demo users that see each page as its users do (the coordinator of NOORD for "Mijn
cluster", the network manager for the editor, an official elsewhere) and saves full-page PNGs.
Needs Debian's Chromium (scripts/install-system-deps.sh).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from saniveld import users  # noqa: E402
from saniveld.db import engine as db  # noqa: E402
from saniveld.package.importer import import_package  # noqa: E402
from saniveld.web import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SHOTS = [  # (file, path, who, text to wait for)
    ("kwartaalreview", "/", "official", None),
    ("netwerk", "/netwerk", "official", None),
    ("rollen", "/rollen", "official", None),
    ("geldstromen", "/geldstromen", "official", None),
    ("cluster", "/cluster/NOORD", "coordinator", None),
    ("geldstromen-bewerken", "/geldstromen/bewerken", "network_manager", None),
    ("data", "/data", "admin", None),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--quarter", default=None, help="quarter to pick (default: the newest)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp())
    url = f"duckdb:///{tmp / 'demo.duckdb'}"
    engine = db.command_engine(url)
    db.create_schema(engine)
    import_package(engine, ROOT / "data" / "demo", posted_by="screenshots")
    with db.transaction(engine) as conn:
        accounts = {role: (name, password) for name, role, password in users.create_demo_users(conn)}
    engine.dispose()

    app = create_app(url)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for name, path, role, _ in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
            page = context.new_page()
            page.set_default_timeout(60_000)
            user, password = accounts[role]
            page.goto(f"{base}/login?next={path}")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_selector("#main h1")
            if args.quarter:
                page.locator("#quarter-picker").click()
                page.get_by_role("option", name=re.compile(args.quarter[-1] + "e kwartaal " + args.quarter[:4])).click()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # let graphs finish their layout animation
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
            context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
