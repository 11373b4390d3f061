"""Figures and graph elements, built from the domain's results by pure functions (no callbacks).

Calm colours: the house blue and teal, greys, and a muted colour-blind-safe palette for the
combo types. Money goes into plotly as floats only at this last step (plotly draws numbers);
every amount a person reads is formatted from the Decimal by :mod:`formatting`.
"""

from __future__ import annotations

import math
from decimal import Decimal

import plotly.graph_objects as go

from saniveld import money as money_domain
from saniveld.db.schema import COMBO_TYPES
from saniveld.network import Graph
from saniveld.web import formatting
from saniveld.web.i18n import t

PRIMARY = "#1b4f72"
ACCENT = "#00676d"
GREY = "#6b7785"
LIGHT = "#cfd8e1"
TEXT = "#1f2933"
FONT = '"Segoe UI", "Noto Sans", Roboto, Arial, sans-serif'

# Muted Okabe–Ito-like colours (distinguishable with colour-blindness), one per combo type.
COMBO_COLOURS = dict(zip(COMBO_TYPES, (
    "#4c78a8", "#72b7b2", "#b279a2", "#9d755d", "#e1a95f", "#59a14f", "#a0a7b0",
)))
KIND_COLOURS = {
    "funder": "#8a6d3b",
    "fund_administrator": PRIMARY,
    "cluster": ACCENT,
    "combo": "#4c78a8",
    "combo_other": "#a0a7b0",
    "cluster_other": "#7fa8ab",
    "partner": "#7b6f9e",
    "overhead": "#b0855a",
}


def _layout(**extra) -> dict:
    base = dict(
        font={"family": FONT, "color": TEXT, "size": 13},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    base.update(extra)
    return base


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


def sankey_figure(sankey: money_domain.Sankey, lang: str) -> go.Figure:
    """The Sankey: hover texts hold Dutch-formatted amounts; colours by node kind."""
    colours = [KIND_COLOURS.get(k, GREY) for k in sankey.node_kinds]
    link_colours = [_with_alpha(colours[s], 0.35) for s in sankey.sources]
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        valueformat=",.0f",
        node={"label": sankey.node_labels, "color": colours, "pad": 14, "thickness": 14,
              "line": {"width": 0}, "hovertemplate": "%{label}<extra></extra>"},
        link={"source": sankey.sources, "target": sankey.targets,
              "value": [float(v) for v in sankey.values], "color": link_colours,
              "customdata": [formatting.money(v, lang, cents=False) for v in sankey.values],
              "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>"},
    ))
    height = max(360, min(900, 22 * len(sankey.node_codes)))
    figure.update_layout(**_layout(height=height))
    return figure


def _with_alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def overhead_figure(share: money_domain.OverheadShare, lang: str) -> go.Figure:
    """One horizontal bar (the share) on a 0–30 % scale with the limit as a marked line."""
    value = float(share.share_percent or 0)
    limit = float(share.limit_percent)
    top = max(2 * limit, value * 1.2)
    figure = go.Figure(go.Bar(
        x=[value], y=[t("money.overhead.share", lang)], orientation="h",
        marker={"color": PRIMARY}, width=0.5,
        text=[formatting.percent(share.share_percent, lang)], textposition="outside",
        hoverinfo="skip",
    ))
    figure.add_vline(x=limit, line={"color": TEXT, "width": 2, "dash": "dash"},
                     annotation_text=t("money.overhead.limit", lang,
                                       limit=formatting.percent(limit, lang, decimals=0)),
                     annotation_position="top")
    figure.update_layout(**_layout(height=170, margin={"l": 10, "r": 30, "t": 30, "b": 30},
                                   showlegend=False))
    figure.update_xaxes(range=[0, top], ticksuffix=" %" if lang != "en" else "%",
                        gridcolor="#eef2f6", zeroline=False)
    figure.update_yaxes(showticklabels=False)
    return figure


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
