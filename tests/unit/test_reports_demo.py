"""Reports from the Saniveld demo package (data/demo): the values read back from the PDF and the
workbook are the indicator computation's, in Dutch format; a funder sees only its own stream in
detail."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest

from saniveld import access, formatting
from saniveld.db import engine as db
from saniveld.levers.indicators import available_quarters, compute_indicators
from saniveld.package.importer import import_package
from saniveld.reports import build_report

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
ADMIN = access.Principal("cli:test", "admin")
ZORGKANTOOR = access.Principal("zk", "funder", funder_code="FND-ZORGKANTOOR")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"duckdb:///{tmp_path_factory.mktemp('demo') / 'saniveld.duckdb'}"
    engine = db.command_engine(url)
    import_package(engine, DEMO)
    with db.connect(engine) as conn:
        quarter = available_quarters(conn)[-1]
        results = compute_indicators(conn, quarter)
    yield engine, quarter, results
    engine.dispose()


def _build(engine, principal, quarter, fmt, **kwargs) -> bytes:
    with db.transaction(engine) as conn:
        return build_report(conn, principal, quarter, fmt, **kwargs)


def test_demo_workbook_values_are_the_computed_indicators(demo):
    engine, quarter, results = demo
    wb = openpyxl.load_workbook(io.BytesIO(_build(engine, ADMIN, quarter, "xlsx")))
    rows = list(wb["Indicatoren"].iter_rows(values_only=True))
    sheet = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert len(sheet) == len(results) == 20
    for r in results:
        shown = sheet[r.code]["Waarde"]
        if r.value is None:
            assert shown is None
        else:
            assert Decimal(str(shown)) == r.value.quantize(Decimal("0.0001")), r.code


def test_demo_funder_pdf_shows_the_values_and_only_its_own_stream_in_detail(demo):
    engine, quarter, results = demo
    pdf = _build(engine, ZORGKANTOOR, quarter, "pdf", charts=False)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "Rapportage voor Zorgkantoor regio Saniveld (Wlz)" in text
    assert "Geldstromen: Wlz" in text and "Geldstromen: Wmo" not in text
    for r in results:
        if r.lever == "diagnostic":
            assert f"{r.name_nl} Waarde: {formatting.indicator_value(r.value, r.unit)}" in text, r.code
    wb = openpyxl.load_workbook(io.BytesIO(_build(engine, ZORGKANTOOR, quarter, "xlsx")))
    rows = list(wb["Geldstromen"].iter_rows(values_only=True))
    flows = [dict(zip(rows[0], r)) for r in rows[1:]]
    detail = {r["Stroom"] for r in flows if r["Detail of opgeteld"] == "detail"}
    assert detail == {"Wlz"}
    assert {r["Stroom"] for r in flows} == {"Wlz", "Wmo", "Jeugdwet", "Zvw"}
