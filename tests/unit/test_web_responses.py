"""Callback responses through orjson (saniveld/web/responses.py) give the JSON Dash's own encoder
gives (plotly's ``to_json_plotly`` with the standard library's json and PlotlyJSONEncoder), on the
kinds of payload the pages send: components, figures, grids, Decimals, dates, NaN.

Written against the Dash and plotly versions pinned below: when either is upgraded, check that
their encoder still does what responses.py copies (``dash._utils.to_json``,
``PlotlyJSONEncoder.default``, ``plotly.io._json._swap_json``) and move the pins.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import dash
import dash_ag_grid as dag
import numpy as np
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from saniveld.web import responses

DASH_VERSION, PLOTLY_VERSION = "4.4.1", "7.1.0"


def test_written_against_these_versions():
    assert (dash.__version__, plotly.__version__) == (DASH_VERSION, PLOTLY_VERSION)


def dash_json(value) -> str:
    """What Dash sends (its encoder without orjson: the standard library's json)."""
    return to_json_plotly(value, engine="json")


def sankey() -> go.Figure:
    return go.Figure(go.Sankey(
        node={"label": ["Gemeente", "Cluster <Noord>", "Combo A/B"], "color": ["#1b6", "#a33", "#333"]},
        link={"source": np.array([0, 1]), "target": np.array([1, 2]),
              "value": np.array([1500.5, 250.25]), "customdata": [Decimal("1500.50"), Decimal("250.25")]},
    ), layout={"title": {"text": "Geldstromen 2025-K2 — € 1.750"}, "height": 420})


def trend() -> go.Figure:
    frame = pd.DataFrame({"quarter": ["2025-Q1", "2025-Q2", "2025-Q3"],
                          "amount": [Decimal("10.10"), None, Decimal("NaN")],
                          "rate": [0.25, float("nan"), np.float64(1e-7)],
                          "count": np.array([1, 2, 3], dtype="int64"),
                          "day": pd.to_datetime(["2025-01-01", "2025-04-01", None])})
    fig = go.Figure()
    fig.add_bar(x=frame["quarter"], y=frame["count"], name="combo's")
    fig.add_scatter(x=frame["day"], y=frame["rate"], mode="lines+markers")
    fig.add_scatter(x=frame["quarter"].tolist(), y=frame["amount"].tolist(), text=["<b>1</b>", "", "\u2028"])
    return fig


def grid_rows() -> list[dict]:
    return [
        {"code": "C1", "name": "Wijkteam Noord/Oost", "amount": Decimal("1234.56"), "share": 0.125,
         "since": dt.date(2024, 10, 1), "changed": dt.datetime(2025, 5, 5, 13, 45, 7, 120000),
         "members": np.int64(7), "active": np.bool_(True), "missing": None, "nan": float("nan")},
        {"code": "C2", "name": "Café <script>", "amount": Decimal("-0.01"), "share": float("inf"),
         "since": pd.Timestamp("2025-01-01"), "changed": pd.NaT, "members": pd.NA,
         "active": False, "missing": np.ma.masked, "nan": np.float64("nan")},
    ]


PAYLOADS = {
    "figure": lambda: sankey(),
    "figure with dates, NaN and Decimals": lambda: trend(),
    "components with a graph": lambda: html.Div([
        html.P("Overhead 12,5% — boven de grens", className="graph-status"),
        dcc.Graph(id="g", figure=sankey(), config={"displayModeBar": False}),
        dcc.Graph(id="t", figure=trend().to_dict()),
    ], role="img", **{"aria-label": "Sankey"}),
    "grid": lambda: dag.AgGrid(id="grid", rowData=grid_rows(),
                               columnDefs=[{"field": "code"}, {"field": "amount", "type": "rightAligned"}]),
    "grid block": lambda: {"rowData": grid_rows(), "rowCount": 2},
    "a callback response": lambda: {
        "multi": True,
        "response": {"review-status": {"children": [html.Strong("Netwerk. "), "Open"]},
                     "review-flywheel-body": {"children": html.Div(dcc.Graph(figure=trend()))},
                     "editor-to": {"options": [{"label": "C1 — Wijkteam", "value": "C1"}]},
                     "store": {"data": {"quarter": "2025-Q2", "total": Decimal("15000.00"),
                                        "at": dt.time(9, 30), "counts": (1, 2, 3), 7: "seven"}}},
    },
    "numpy and pandas values": lambda: {
        "array": np.array([[1.5, np.nan], [3.0, 4.0]]), "ints": np.arange(4, dtype="int32"),
        "dates": np.array(["2025-01-01", "2025-04-01"], dtype="datetime64[D]"),
        "stamps": pd.to_datetime(["2025-01-01 10:00", "2025-04-01 00:00"]).values,
        "series": pd.Series([1, 2]), "scalar": np.float32(0.5), "nat": pd.NaT, "na": pd.NA,
    },
    "text": lambda: ["</script><script>alert(1)</script>", "é € ñ", "line\u2028sep\u2029", "a/b > c < d", ""],
    "numbers": lambda: [0, -1, 2**62, 2**70, 1e16, 1.5e-7, -0.0, float("-inf"), True, None],
}


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_the_same_json_as_dash(name):
    ours, theirs = responses.to_json(PAYLOADS[name]()), dash_json(PAYLOADS[name]())
    assert json.loads(ours) == json.loads(theirs)
    assert responses.plain(PAYLOADS[name]()) == json.loads(theirs)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_escaped_for_a_script_element_as_dash_does(name):
    ours = responses.to_json(PAYLOADS[name]())
    for unsafe in ("<", ">", "/", "\u2028", "\u2029"):
        assert unsafe not in ours


def test_the_same_text_where_the_standard_library_writes_it_the_same_way():
    # ASCII text, whole numbers and short floats: byte for byte
    value = {"rows": [{"code": "C1", "amount": Decimal("12.5"), "day": dt.date(2025, 1, 2), "n": np.int64(3)}],
             "html": html.A("Cluster <N>", href="/cluster/N"), "nan": float("nan")}
    assert responses.to_json(value) == dash_json(value)


def test_what_dash_cannot_send_is_refused_as_dash_refuses_it():
    for value in ({"x": object()}, {1, 2}, pd.DataFrame({"a": [1]})):
        with pytest.raises(TypeError):
            dash_json(value)
        with pytest.raises(TypeError):
            responses.to_json(value)


def test_install_makes_dash_send_callback_responses_with_it(monkeypatch):
    import dash._callback

    monkeypatch.setattr(dash._callback, "to_json", dash._callback.to_json)  # restored afterwards
    responses.install()
    assert dash._callback.to_json is responses.to_json


def test_the_app_sends_its_callback_responses_with_it(db_url):
    import dash._callback

    from saniveld.web import create_app

    create_app(db_url).server.config["SANIVELD_ENGINE"].dispose()
    assert dash._callback.to_json is responses.to_json
