"""The analysis pages on a small network, in Chromium: the map, the matrix, the Sankey, the grid
and the upload report appear, react to the user, and log no console errors.

Set ``SANIVELD_SCREENSHOTS=DIR`` to also save a screenshot of each page into DIR.
"""

from __future__ import annotations

import io
import os
import sys
import types
import zipfile
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


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("SANIVELD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_network_map_and_details(page, live_network):
    login(page, live_network, "coordinator", next_path="/netwerk")  # sees Noord's combos
    page.get_by_text("Het hele netwerk: 2 clusters en 3 combi's.").wait_for()
    page.locator("#network-map canvas").first.wait_for()
    # The keyboard way to a part of the map: the list above it.
    page.get_by_label("Onderdeel van het netwerk").click()
    page.get_by_role("option", name="Combi: Wijkteam Noord").click()
    details = page.locator("#network-details-body")
    details.get_by_text("Wijkteam Noord").wait_for()
    assert "€ 400,00" in details.inner_text()
    _screenshot(page, "netwerk")


def test_network_filter_by_cluster(page, live_network):
    login(page, live_network, "gemeente", next_path="/netwerk")
    page.get_by_text("Het hele netwerk").wait_for()
    page.get_by_label("Cluster", exact=True).click()
    page.get_by_role("option", name="Zuid").click()
    page.get_by_text("Cluster Zuid: 1 combi's.").wait_for()


def test_roles_matrix_shows_vacancies_in_words(page, live_network):
    login(page, live_network, "gemeente", next_path="/rollen")
    matrix = page.locator("#roles-matrix-body table")
    matrix.wait_for()
    assert matrix.get_by_text("Niet ingevuld").count() == 2
    assert "2 rollen zijn niet ingevuld." in page.locator("#roles-vacancies-body").inner_text()
    _screenshot(page, "rollen")


def test_money_sankey_overhead_and_trend(page, live_network):
    login(page, live_network, "gemeente", next_path="/geldstromen")
    page.locator("#money-sankey-body .sankey").first.wait_for()
    assert "Binnen de grens" in page.locator("#money-overhead-body").inner_text()
    page.locator("#money-trend-body .scatterlayer").first.wait_for()
    page.locator("#money-by-cluster-body .barlayer").first.wait_for()
    # The quarter picker changes the numbers.
    page.get_by_label("Kwartaal", exact=True).click()
    page.get_by_role("option", name="1e kwartaal 2025").click()
    page.get_by_text("12,5 % van € 800").wait_for()
    _screenshot(page, "geldstromen")


# Words of a header wider than their header cell: a word the grid would break in the middle.
SPLIT_HEADER_WORDS = """() => Array.from(document.querySelectorAll(
    '#cluster-grid .ag-header-cell .ag-header-cell-text')).flatMap(el => {
  const room = el.getBoundingClientRect().width;
  return el.textContent.split(/\\s+/).filter(Boolean).filter(word => {
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;white-space:nowrap;font:' + getComputedStyle(el).font;
    probe.textContent = word;
    document.body.appendChild(probe);
    const wide = probe.getBoundingClientRect().width > room + 0.5;
    probe.remove();
    return wide;
  });
})"""


def test_cluster_grid_and_combo_detail(page, live_network):
    login(page, live_network, "coordinator", next_path="/cluster/NOORD")
    assert page.locator("#main h1").inner_text() == "Cluster Noord (NOORD)"
    grid = page.locator("#cluster-grid")
    grid.locator(".ag-row", has_text="Wijkteam Noord").first.wait_for()
    assert grid.get_by_text("€ 400,00").count() >= 1  # formatted on the server, sorted as numbers
    assert page.evaluate(SPLIT_HEADER_WORDS) == []  # headers wrap between words only
    # Sorting asks the server for the rows again: residents 12 (F-ACT) before 40 (Wijkteam).
    grid.locator(".ag-header-cell[col-id=residents]").click()
    page.wait_for_function("""() => {
        const first = document.querySelector(
            '#cluster-grid .ag-pinned-left-cols-container .ag-row[row-index="0"]');
        return first && first.innerText.includes('F-ACT Noord');
    }""")
    assert page.evaluate(SPLIT_HEADER_WORDS) == []  # also with the sort arrow beside the words
    grid.get_by_role("gridcell", name="Wijkteam Noord").click()
    detail = page.locator("#cluster-detail-body")
    detail.get_by_text("Ans (wijkverpleegkundige)").wait_for()
    _screenshot(page, "cluster")
    # Another quarter: the grid forgets its rows and asks again (C1 spent € 200 in Q1).
    page.get_by_label("Kwartaal", exact=True).click()
    page.get_by_role("option", name="1e kwartaal 2025").click()
    grid.get_by_text("€ 200,00").wait_for()
    assert grid.get_by_text("€ 380,00").count() == 0


def test_upload_with_errors_shows_the_report(page, live_network, monkeypatch):
    class PackageInvalid(ValueError):
        def __init__(self, errors):
            self.errors = errors

    def import_package(engine, path, *, posted_by, lang):
        raise PackageInvalid(["combos.csv:3: residents: '-4' is geen geheel getal van 0 of meer",
                              "actors.csv:7: actor_type: 'persoon' is geen toegestane waarde"])

    # The served app runs in this process: stand in for the importer (another part's work).
    monkeypatch.setitem(sys.modules, "saniveld.package.importer",
                        types.SimpleNamespace(import_package=import_package))
    monkeypatch.setitem(sys.modules, "saniveld.package.errors",
                        types.SimpleNamespace(PackageInvalid=PackageInvalid))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("combos.csv", "combo_code\n")
    package = Path(live_network.db_url.split("///", 1)[1]).parent / "pakket.zip"
    package.write_bytes(buffer.getvalue())

    login(page, live_network, "beheer", next_path="/data")
    page.locator("#data-upload input[type=file]").set_input_files(str(package))
    report = page.get_by_role("alert")
    report.wait_for()
    assert "2 fouten gevonden" in report.inner_text()
    assert "combos.csv:3: residents" in page.locator("#data-report-body").inner_text()
    _screenshot(page, "data")
