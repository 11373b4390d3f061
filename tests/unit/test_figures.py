"""saniveld/figures.py: the figures the pages and the reports share."""

from __future__ import annotations

from decimal import Decimal

from saniveld import figures


def _texts(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def test_flywheel_places_key_indicators_at_their_step():
    kfs = [
        figures.KeyFigure("combos_active", "Actieve veerkrachtcombi's", Decimal(283), "count", "up"),
        figures.KeyFigure("self_or_network_share", "Aandeel zelf", Decimal("70.54"), "percent", "down"),
        figures.KeyFigure("resource_group_share", "Met resourcegroep", None, "percent", None),
    ]
    fig = figures.flywheel_figure(kfs, "nl")
    text = _texts(fig)
    for step in ("Aansluiten op", "Veerkracht-", "Openstellen"):
        assert step in text
    assert "Actieve veerkrachtcombi's: <b>283</b> ▲" in text
    assert "Aandeel zelf: <b>70,5 %</b> ▼" in text
    assert "Met resourcegroep: <b>—</b>" in text  # no value: a dash, no arrow


def test_indicator_figure_series_labels_and_reference_line():
    series = [("2025-Q1", Decimal("12.25")), ("2025-Q2", None), ("2025-Q3", Decimal("1234.5"))]
    fig = figures.indicator_figure(series, "per_1000_inhabitants", "nl", reference=Decimal(80))
    line = fig.data[0]
    assert list(line.x) == ["1e kw. 2025", "2e kw. 2025", "3e kw. 2025"]
    assert list(line.y) == [12.25, None, 1234.5]
    assert list(line.text) == ["12,3", "—", "1.234,5"]  # half-up, Dutch separators
    assert [s.y0 for s in fig.layout.shapes] == [80.0]
    assert "ijkpunt<br>80,0" in _texts(fig)
    limit = figures.indicator_figure(series, "percent", "nl", limit=Decimal(15))
    assert "grens<br>15,0 %" in _texts(limit)


def test_overhead_figure_shows_share_and_limit():
    class Share:
        share_percent = Decimal("13.64")
        limit_percent = Decimal("15")

    fig = figures.overhead_figure(Share(), "nl")
    assert list(fig.data[0].text) == ["13,6 %"]
    assert "grens 15 %" in _texts(fig)


def test_render_draws_png_and_svg_with_the_system_chromium():
    fig = figures.indicator_figure([("2025-Q1", Decimal(1)), ("2025-Q2", Decimal(2))], "count")
    png, svg = figures.render([fig, fig], "png")[0], figures.render([fig], "svg")[0]
    assert png.startswith(b"\x89PNG")
    assert b"<svg" in svg[:200]
