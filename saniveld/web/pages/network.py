"""Netwerk (`/netwerk`): clusters, combos, partners and the fund administrator as a graph."""

from __future__ import annotations

import dash
import dash_cytoscape as cyto
from dash import Input, Output, html
from dash.exceptions import PreventUpdate

from saniveld import cache, cluster_view, network, settings
from saniveld.db.schema import COMBO_TYPES
from saniveld.web import auth, context, figures, formatting
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import (
    VIEW_CLUSTER_DETAIL,
    choice_input,
    code_input,
    combo_detail_clusters,
    count_text,
    quarter_input,
    sees_combos,
    sees_detail,
)

dash.register_page(__name__, path="/netwerk", title=c.page_title("network.title"), order=1)

MAP_STYLE = {"width": "100%", "height": "560px"}


def _filters(lang: str) -> html.Div:
    types = [{"label": t(f"combo_type.{code}", lang), "value": code} for code in COMBO_TYPES]
    return html.Div(
        [
            c.labelled_dropdown("network-cluster", t("common.cluster", lang), clearable=True,
                                placeholder=t("common.all_clusters", lang), lang=lang),
            c.labelled_dropdown("network-type", t("network.filter_type", lang), options=types,
                                clearable=True, placeholder=t("network.all_types", lang),
                                lang=lang),
        ],
        className="filters",
    )


def _legend(lang: str) -> html.Details:
    items = [
        html.Li([html.Span(className=f"legend-mark legend-{kind}", **{"aria-hidden": "true"}),
                 t(f"network.legend.{kind}", lang)])
        for kind in ("fund_administrator", "cluster", "coordinator", "partner", "combo",
                     "resource_group")
    ]
    types = [
        html.Li([html.Span(className="legend-mark legend-combo",
                           style={"backgroundColor": figures.COMBO_COLOURS[code]},
                           **{"aria-hidden": "true"}),
                 t(f"combo_type.{code}", lang)])
        for code in COMBO_TYPES
    ]
    return html.Details(
        [html.Summary(t("network.legend", lang)),
         html.Div([html.Ul(items, className="legend-list"),
                   html.Ul(types, className="legend-list")], className="legend")],
        className="network-legend", open=True,
    )


def layout(**_query):
    lang = current_language()
    graph_part = [
        html.P(id="network-graph-status", className="graph-status", **{"aria-live": "polite"}),
        html.Div(c.no_quarter_data(t("network.graph.what", lang), lang), id="network-graph-empty"),
        c.labelled_dropdown("network-node", t("network.node", lang), clearable=True,
                            placeholder=t("network.node.placeholder", lang), lang=lang),
        html.Div(
            cyto.Cytoscape(id="network-map", elements=[], layout={"name": "preset"},
                           stylesheet=figures.network_stylesheet(), style=MAP_STYLE,
                           minZoom=0.2, maxZoom=3, boxSelectionEnabled=False,
                           autoRefreshLayout=True),
            id="network-map-frame", className="network-map", role="img",
            **{"aria-label": t("network.graph.what", lang)},
        ),
        _legend(lang),
    ]
    return html.Div(
        [
            c.page_header(t("network.title", lang), t("network.intro", lang), extra=_filters(lang)),
            html.Div(
                [
                    c.section("network-graph", t("network.graph", lang),
                              c.loading("network-graph-body", graph_part)),
                    c.section(
                        "network-details",
                        t("network.details", lang),
                        c.loading("network-details-loading", html.Div(
                            c.empty_state(t("empty.selection.title", lang),
                                          t("network.details.body", lang)),
                            id="network-details-body",
                            **{"aria-live": "polite"},
                        )),
                    ),
                ],
                className="grid-main-side",
            ),
        ],
        className="page page-network",
    )


@auth.data_callback(
    Output("network-cluster", "options"),
    Input(QUARTER_PICKER, "value"),
    action=auth.VIEW_NETWORK,
)
def list_clusters(principal, _quarter):
    """The clusters to filter on."""
    return cache.cached(context.engine(), ("cluster_options",), lambda conn: [
        {"label": name, "value": code} for code, name in cluster_view.clusters(conn)])


@auth.data_callback(
    Output("network-map", "elements"),
    Output("network-map", "layout"),
    Output("network-node", "options"),
    Output("network-graph-status", "children"),
    Output("network-graph-empty", "style"),
    Output("network-map-frame", "style"),
    Output("network-map-frame", "aria-label"),
    Input(QUARTER_PICKER, "value"),
    Input("network-cluster", "value"),
    Input("network-type", "value"),
    action=auth.VIEW_NETWORK,
)
def show_network_map(principal, quarter, cluster, combo_type):
    """Draw the network of the quarter, at cluster level when it is large."""
    lang = current_language()
    quarter, cluster = quarter_input(quarter), code_input(cluster)
    combo_type = choice_input(combo_type, COMBO_TYPES)
    hidden, shown = {"display": "none"}, {}
    if not quarter:
        return [], {"name": "preset"}, [], "", shown, hidden, ""
    clusters = cache.cached(context.engine(), ("clusters",), cluster_view.clusters)
    detail = combo_detail_clusters(principal, (code for code, _ in clusters))
    # The same drawing for everyone who may see the same combos: remembered per data version.
    key = ("network_map", quarter, cluster or None, combo_type or None,
           None if detail is None else frozenset(detail), lang)

    def draw(conn) -> tuple:
        graph = network.graph(conn, quarter, cluster=cluster or None,
                              combo_type=combo_type or None, detail_clusters=detail)
        if graph.is_empty():
            return [], {"name": "preset"}, [], "", shown, hidden, ""
        options = [{"label": f"{t('network.kind.' + n.kind, lang)}: {n.label}", "value": n.id}
                   for n in graph.nodes]
        return (figures.network_elements(graph, lang), figures.network_layout(graph), options,
                _status(graph, lang), hidden, shown,
                t("network.graph.label", lang, nodes=formatting.count(len(graph.nodes), lang),
                  edges=formatting.count(len(graph.edges), lang)))

    return cache.cached(context.engine(), key, draw)


def _status(graph: network.Graph, lang: str) -> str:
    clusters = [n for n in graph.nodes if n.kind == "cluster"]
    combos = sum(n.combos for n in clusters)
    shown_clusters = len(clusters) + graph.hidden_clusters
    if graph.level == "clusters":
        text = t("network.level.clusters", lang, clusters=formatting.count(shown_clusters, lang),
                 combos=formatting.count(combos, lang))
    elif graph.level == "cluster":
        text = t("network.level.cluster", lang, cluster=clusters[0].label,
                 combos=formatting.count(combos, lang))
    else:
        text = t("network.level.full", lang, clusters=formatting.count(len(clusters), lang),
                 combos=formatting.count(combos, lang))
    if graph.hidden_clusters:
        text += " " + t("network.hidden_clusters", lang,
                        hidden=formatting.count(graph.hidden_clusters, lang))
    if graph.hidden_combos:
        text += " " + t("network.hidden", lang, hidden=formatting.count(graph.hidden_combos, lang))
    return text


@auth.ui_callback(Output("network-node", "value"), Input("network-map", "tapNodeData"),
                  prevent_initial_call=True)
def choose_tapped_node(node):
    """A click on the map chooses that part in the (keyboard-accessible) list."""
    if not isinstance(node, dict) or not code_input(node.get("id")):
        raise PreventUpdate
    return node["id"]


@auth.ui_callback(Output("network-map", "stylesheet"), Input("network-node", "value"))
def mark_chosen_node(node_id):
    """The part chosen in the list (or by a click) is outlined on the map as well."""
    return figures.network_stylesheet(code_input(node_id))


@auth.ui_callback(Output("network-cluster", "value"), Input("network-map", "tapNodeData"),
                  prevent_initial_call=True)
def drill_into_cluster(node):
    """At cluster level, a click on a cluster zooms into it."""
    if not isinstance(node, dict) or not node.get("drill") or not code_input(node.get("code")):
        raise PreventUpdate
    return node["code"]


@auth.data_callback(
    Output("network-details-body", "children"),
    Input("network-node", "value"),
    Input(QUARTER_PICKER, "value"),
    action=auth.VIEW_NETWORK,
)
def show_node_details(principal, node, quarter):
    """The chosen part's members, experiences and money."""
    lang = current_language()
    node, quarter = code_input(node), quarter_input(quarter)
    if not node:
        return c.empty_state(t("empty.selection.title", lang), t("network.details.body", lang))
    with context.reading() as conn:
        details = network.node_details(conn, node, quarter)
    if details is None:
        return c.empty_state(t("network.detail.not_found", lang))
    if details.kind == "combo" and not sees_combos(principal, details.cluster_code):
        auth.audit(principal, VIEW_CLUSTER_DETAIL, details.cluster_code, "refused")
        return c.empty_state(t("network.detail.not_allowed", lang))
    return details_panel(details, principal, lang)


def details_panel(d: network.NodeDetails, principal, lang: str) -> html.Div:
    """The details as a definition list (pure: tests call it with a NodeDetails)."""
    kind = d.kind if d.kind in ("combo", "cluster") else None
    heading = t(f"combo_type.{d.facts['combo_type']}", lang) if d.kind == "combo" else (
        t("network.kind.cluster", lang) if d.kind == "cluster"
        else t(f"actor_type.{d.kind}", lang))
    count = lambda v: count_text(v, principal, d.cluster_code, lang)  # noqa: E731
    rows: list[tuple[str, object]] = []
    facts = d.facts
    if "residents" in facts:
        rows.append((t("common.residents", lang), count(facts["residents"])))
    if "combos" in facts:
        rows.append((t("network.detail.combos", lang), formatting.count(facts["combos"], lang)))
    if "people" in facts:
        rows.append((t("network.detail.people", lang), formatting.count(facts["people"], lang)))
    if "coordinators" in facts:
        rows.append((t("network.detail.coordinators", lang),
                     ", ".join(facts["coordinators"]) or t("roles.vacant", lang)))
    if "function" in facts:
        rows.append((t("common.function", lang), facts["function"]))
    if "resource_group" in facts:
        rows.append((t("network.detail.resource_group", lang), count(facts["resource_group"])))
    if "started_on" in facts:
        period = t("common.since", lang, date=formatting.date(facts["started_on"], lang))
        if facts.get("ended_on"):
            period += ", " + t("common.until", lang, date=formatting.date(facts["ended_on"], lang))
        rows.append((t("network.detail.period", lang), period))
    parts = [html.H3([d.name, html.Span(f" · {heading}", className="muted")]),
             _dl(rows)]
    if kind:
        members = [(t(f"member_type.{k}", lang), count(v)) for k, v in d.members_by_type.items()]
        parts += [html.H4(t("common.members", lang)),
                  _dl(members) if members else html.P(t("common.none", lang))]
        dims = [(t(f"dimension.{k}", lang), count(v))
                for k, v in d.experiences_by_dimension.items()]
        parts += [html.H4([t("common.experiences", lang), ": ", count(d.experiences)]),
                  _dl(dims) if dims else html.Span()]
    if d.money:
        parts += [html.H4(t("common.money", lang)), _dl([
            (t(f"common.{k}", lang), html.Span(formatting.money(v, lang), className="num"))
            for k, v in d.money.items()])]
    if kind and not sees_detail(principal, d.cluster_code):
        parts.append(html.P(t("common.small_count.note", lang,
                              threshold=settings.small_count_threshold()), className="muted"))
    return html.Div(parts, className="details")


def _dl(rows) -> html.Dl:
    children = []
    for term, value in rows:
        children += [html.Dt(term), html.Dd(value)]
    return html.Dl(children, className="facts")
