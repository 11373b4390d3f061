"""Figures and graph elements, built from the domain's results by pure functions (no callbacks).

Calm colours: the house blue and teal, greys, and a muted colour-blind-safe palette for the
combo types. Money goes into plotly as floats only at this last step (plotly draws numbers);
every amount a person reads is formatted from the Decimal by :mod:`formatting`.
"""

from __future__ import annotations

import math
from decimal import Decimal

import plotly.graph_objects as go

# One palette and one base layout for screen and paper (saniveld.figures); the Sankey and the
# overhead bar are the very same builders the PDF report uses.
from saniveld.figures import (  # noqa: F401  (re-exported for the pages)
    ACCENT,
    FONT,
    GREY,
    KIND_COLOURS,
    LIGHT,
    PRIMARY,
    TEXT,
    _layout,
    overhead_figure,
    sankey_figure,
)
from saniveld.db.schema import COMBO_TYPES
from saniveld.network import Graph
from saniveld.web import formatting
from saniveld.web.i18n import t

# Muted Okabe–Ito-like colours (distinguishable with colour-blindness), one per combo type.
COMBO_COLOURS = dict(zip(COMBO_TYPES, (
    "#4c78a8", "#72b7b2", "#b279a2", "#9d755d", "#e1a95f", "#59a14f", "#a0a7b0",
)))


GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


# ---------------------------------------------------------------------------------------------
# The network map (dash-cytoscape elements and style)


def _node_size(residents: int, kind: str) -> float:
    if kind == "combo":
        return round(18 + 4 * math.sqrt(max(residents, 0)), 1)
    return {"fund_administrator": 46, "cluster": 40, "partner": 28, "coordinator": 22}.get(kind, 24)


def network_elements(graph: Graph, lang: str) -> list[dict]:
    """Cytoscape elements: nodes carry kind, type and size; clusters at cluster level say how
    many combos they hold in their label."""
    elements = []
    for n in graph.nodes:
        label = n.label
        if n.kind == "cluster" and graph.level == "clusters":
            label = f"{n.label} ({t('clusters.combos', lang, count=formatting.count(n.combos, lang))})"
        classes = [n.kind]
        if n.resource_group:
            classes.append("resource-group")
        elements.append({
            "data": {"id": n.id, "label": label, "kind": n.kind, "code": n.code,
                     "combo_type": n.combo_type or "", "size": _node_size(n.residents, n.kind),
                     "drill": graph.level == "clusters" and n.kind == "cluster"},
            "classes": " ".join(classes),
        })
    for e in graph.edges:
        elements.append({"data": {"id": f"{e.source}->{e.target}", "source": e.source,
                                  "target": e.target, "kind": e.kind}, "classes": e.kind})
    return elements


def network_stylesheet(chosen: str | None = None) -> list[dict]:
    """Shapes by kind, colours by combo type; `chosen` (a node id) gets a thick outline."""
    style = [
        {"selector": "node", "style": {
            "label": "data(label)", "width": "data(size)", "height": "data(size)",
            "font-size": 11, "color": TEXT, "text-valign": "bottom", "text-margin-y": 3,
            "text-wrap": "ellipsis", "text-max-width": 120, "border-width": 1,
            "border-color": "#ffffff", "background-color": GREY}},
        {"selector": "node.fund_administrator", "style": {"shape": "diamond",
                                                          "background-color": PRIMARY}},
        {"selector": "node.cluster", "style": {"shape": "round-rectangle",
                                               "background-color": ACCENT, "font-weight": "bold"}},
        {"selector": "node.partner", "style": {"shape": "hexagon",
                                               "background-color": KIND_COLOURS["partner"]}},
        {"selector": "node.coordinator", "style": {"shape": "triangle",
                                                   "background-color": "#8a6d3b"}},
        {"selector": "node.combo", "style": {"shape": "ellipse", "font-size": 9}},
        {"selector": "node.resource-group", "style": {"border-width": 4, "border-style": "dotted",
                                                      "border-color": TEXT}},
        {"selector": "node:selected", "style": {"overlay-color": PRIMARY, "overlay-opacity": 0.2,
                                                "overlay-padding": 6}},
        {"selector": "edge", "style": {"width": 1, "line-color": LIGHT, "curve-style": "haystack"}},
        {"selector": "edge.funds", "style": {"width": 2, "line-color": "#9fb3c8"}},
        {"selector": "edge.coordinates", "style": {"line-style": "dashed"}},
    ]
    for combo_type, colour in COMBO_COLOURS.items():
        style.append({"selector": f'node.combo[combo_type = "{combo_type}"]',
                      "style": {"background-color": colour}})
    if chosen:
        safe = chosen.replace("\\", "").replace('"', "")
        style.append({"selector": f'node[id = "{safe}"]',
                      "style": {"border-width": 5, "border-color": "#ffbf47",
                                "border-style": "solid", "font-weight": "bold"}})
    return style


def network_layout(graph: Graph) -> dict:
    if graph.level == "clusters" or len(graph.nodes) > 400:
        return {"name": "concentric", "animate": False, "minNodeSpacing": 20}
    return {"name": "cose", "animate": False, "randomize": False, "nodeRepulsion": 6000,
            "idealEdgeLength": 60, "numIter": 600}


# ---------------------------------------------------------------------------------------------
# Money


def by_cluster_figure(rows, lang: str) -> go.Figure:
    """Grouped bars per cluster: allocated and spent."""
    names = list(rows["name"])
    figure = go.Figure()
    for column, colour, key in (("allocated", PRIMARY, "common.allocated"),
                                ("spent", ACCENT, "common.spent")):
        values = list(rows[column])
        figure.add_bar(x=names, y=[float(v) for v in values], name=t(key, lang),
                       marker={"color": colour},
                       customdata=[formatting.money(v, lang, cents=False) for v in values],
                       hovertemplate="%{x}: %{customdata}<extra>" + t(key, lang) + "</extra>")
    _money_axes(figure, lang, height=320)
    return figure


def trend_figure(rows, lang: str) -> go.Figure:
    """Lines over the quarters: received, allocated onwards, spent."""
    quarters = [formatting.quarter_label(q, lang) for q in rows["quarter"]]
    figure = go.Figure()
    for column, colour, dash, key in (
        ("incoming", PRIMARY, "solid", "money.trend.incoming"),
        ("allocated", ACCENT, "dash", "money.trend.allocated"),
        ("spent", "#8a6d3b", "dot", "money.trend.spent"),
    ):
        values = list(rows[column])
        figure.add_scatter(x=quarters, y=[float(v) for v in values], name=t(key, lang),
                           mode="lines+markers", line={"color": colour, "dash": dash, "width": 2},
                           customdata=[formatting.money(v, lang, cents=False) for v in values],
                           hovertemplate="%{x}: %{customdata}<extra>" + t(key, lang) + "</extra>")
    _money_axes(figure, lang, height=340)
    return figure


def _money_axes(figure: go.Figure, lang: str, height: int) -> None:
    separators = ",." if lang != "en" else ".,"
    figure.update_layout(**_layout(height=height, separators=separators, barmode="group",
                                   margin={"l": 10, "r": 10, "t": 10, "b": 10},
                                   legend={"orientation": "h", "y": -0.2}))
    figure.update_yaxes(tickprefix="€ " if lang != "en" else "€", tickformat=",.0f",
                        gridcolor="#eef2f6", rangemode="tozero")


def money_total(values) -> Decimal:
    return sum(values, Decimal("0.00"))


# ---------------------------------------------------------------------------------------------
# The quarterly review: the resilience flywheel and the indicators' sparklines

# The flywheel's three steps, in the direction it turns, and the key indicators placed at each
# (the first three of each list that the scope has: the cluster scope has no per-1000-inhabitants).
MOVEMENT_MARKS = {"up": "▲", "down": "▼", "level": "▶"}


def sparkline_figure(series: list[tuple[str, Decimal | None]], texts: list[str], lang: str, *,
                     reference: Decimal | None = None, marked: str | None = None,
                     height: int = 64) -> dict:
    """An indicator over every quarter: a thin line, the chosen quarter `marked` as a dot, the
    reference point as a dotted line. `texts` are the formatted values for the hover labels
    (None values leave a gap; suppressed values come in as None with their text).

    A plain figure dict (no plotly validation): a page draws fifteen of these at once.
    """
    labels = [formatting.quarter_label(q, lang) for q, _ in series]
    values = [None if v is None else float(v) for _, v in series]
    hover = "%{x}: %{customdata}<extra></extra>"
    data = [{"type": "scatter", "x": labels, "y": values, "mode": "lines",
             "line": {"color": PRIMARY, "width": 2}, "customdata": texts,
             "hovertemplate": hover, "connectgaps": False, "showlegend": False}]
    for quarter, label, value, text in zip((q for q, _ in series), labels, values, texts):
        if quarter == marked and value is not None:
            data.append({"type": "scatter", "x": [label], "y": [value], "mode": "markers",
                         "marker": {"size": 8, "color": ACCENT}, "customdata": [text],
                         "hovertemplate": hover, "showlegend": False})
    known = [v for v in values if v is not None]
    shapes = []
    if reference is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": float(reference), "y1": float(reference),
                       "line": {"color": GREY, "width": 1, "dash": "dot"}})
        known.append(float(reference))
    yaxis = {"visible": False, "fixedrange": True}
    if known:
        low, high = min(known), max(known)
        pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
        yaxis["range"] = [low - pad, high + pad]
    layout = _layout(height=height, margin={"l": 4, "r": 6, "t": 6, "b": 6}, hovermode="closest",
                     shapes=shapes, yaxis=yaxis,
                     xaxis={"visible": False, "type": "category", "fixedrange": True})
    return {"data": data, "layout": layout}
