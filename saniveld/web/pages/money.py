"""Geldstromen (`/geldstromen`): funders to combos, overhead against its limit, trends."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from saniveld import access, cache, money
from saniveld.db.schema import STREAMS
from saniveld.web import auth, context, figures, formatting, responses
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import choice_input, quarter_input

dash.register_page(__name__, path="/geldstromen", title=c.page_title("money.title"), order=3)

OVERHEAD_LIMIT_PERCENT = money.OVERHEAD_LIMIT_PERCENT
MAX_CLUSTER_BARS = 30


def _filters(lang: str) -> html.Div:
    streams = [{"label": t(f"stream.{code}", lang), "value": code} for code in STREAMS]
    return html.Div(
        c.labelled_dropdown("money-stream", t("money.stream", lang), options=streams,
                            clearable=True, placeholder=t("money.all_streams", lang), lang=lang),
        className="filters",
    )


def _part(section_id: str, key: str, what: str, lang: str, *, wide=False):
    return c.section(
        section_id,
        t(key, lang),
        c.loading(f"{section_id}-body", c.no_quarter_data(what, lang)),
        wide=wide,
    )


def _limit(lang: str) -> str:
    return formatting.percent(OVERHEAD_LIMIT_PERCENT, lang, decimals=0)


def layout(**_query):
    lang = current_language()
    limit = _limit(lang)
    return html.Div(
        [
            c.page_header(t("money.title", lang), t("money.intro", lang),
                          extra=html.Div([_filters(lang), _editor_link(lang)],
                                         className="header-tools")),
            _part("money-sankey", "money.sankey", t("money.sankey.what", lang), lang, wide=True),
            html.Div(
                [
                    _part("money-overhead", "money.overhead",
                          t("money.overhead.what", lang, limit=limit), lang),
                    _part("money-by-cluster", "money.by_cluster", t("money.by_cluster.what", lang),
                          lang),
                ],
                className="grid-2",
            ),
            _part("money-trend", "money.trend", t("money.trend.what", lang), lang, wide=True),
        ],
        className="page page-money",
    )


def _editor_link(lang: str):
    """For the network manager: the way to the allocation editor (the editor checks again)."""
    if not auth.is_allowed(auth.current_principal(), auth.MOVE_MONEY, access.ANY):
        return None
    return dcc.Link(t("editor.title", lang) + " →", href="/geldstromen/bewerken",
                    className="button-link editor-link")


def _graph(graph_id: str, figure, label: str) -> html.Div:
    """The figure as the plain dict Dash would send: converted once, so a cached part is not
    converted again on every response."""
    return html.Div(dcc.Graph(id=graph_id, figure=figure.to_dict(), config=figures.GRAPH_CONFIG),
                    role="img", **{"aria-label": label})


@auth.data_callback(
    Output("money-sankey-body", "children"),
    Output("money-overhead-body", "children"),
    Output("money-by-cluster-body", "children"),
    Input(QUARTER_PICKER, "value"),
    Input("money-stream", "value"),
    action=auth.VIEW_MONEY,
)
def show_quarter_money(principal, quarter, stream):
    """The quarter's Sankey, overhead share and per-cluster bars, for one stream or all."""
    lang = current_language()
    quarter, stream = quarter_input(quarter), choice_input(stream, STREAMS)
    empty = (c.no_quarter_data(t("money.sankey.what", lang), lang),
             c.no_quarter_data(t("money.overhead.what", lang, limit=_limit(lang)), lang),
             c.no_quarter_data(t("money.by_cluster.what", lang), lang))
    if not quarter:
        return empty

    def compute(conn):
        flows = money.sankey(conn, quarter, stream or None,
                             other_label=t("money.other_combos", lang),
                             overhead_label=t("purpose.overhead", lang),
                             other_clusters_label=t("money.other_clusters", lang),
                             other_partners_label=t("money.other_partners", lang))
        if flows.is_empty():
            return empty
        share = money.overhead_share(conn, quarter, stream or None)
        clusters = money.by_cluster(conn, quarter, stream or None)
        return tuple(responses.plain([sankey_part(flows, share, quarter, lang), overhead_part(share, lang),
                                      by_cluster_part(clusters, lang)]))

    # The same for every reader (aggregates only): remembered per quarter, stream and language
    # until the next write (saniveld.cache keys on the data version), as the JSON Dash sends.
    return cache.cached(context.engine(), ("money-page", quarter, stream or None, lang), compute)


def sankey_part(flows: money.Sankey, share: money.OverheadShare, quarter: str, lang: str):
    label = t("money.sankey.label", lang, quarter=formatting.quarter_label(quarter, lang),
              links=formatting.count(len(flows.values), lang),
              total=formatting.money(share.total, lang, cents=False))
    parts = [html.P(label, className="graph-status"),
             _graph("money-sankey-graph", figures.sankey_figure(flows, lang), label)]
    if flows.combined_clusters:
        parts.append(html.P(t("money.folded_clusters", lang,
                              count=formatting.count(flows.combined_clusters, lang)),
                            className="muted"))
    if flows.combined_combos:
        parts.append(html.P(t("money.folded", lang,
                              count=formatting.count(flows.combined_combos, lang)),
                            className="muted"))
    return parts


def overhead_part(share: money.OverheadShare, lang: str):
    if share.share_percent is None:
        return c.no_quarter_data(t("money.overhead.what", lang, limit=_limit(lang)), lang)
    summary = t("money.overhead.summary", lang,
                share=formatting.percent(share.share_percent, lang),
                total=formatting.money(share.total, lang, cents=False),
                overhead=formatting.money(share.overhead, lang, cents=False),
                limit=_limit(lang))
    status = t("money.overhead.breached" if share.breached else "money.overhead.within", lang)
    return [
        html.P([html.Span(status, className="status-tag"), " ", summary],
               className="overhead-summary"),
        _graph("money-overhead-graph", figures.overhead_figure(share, lang), summary),
    ]


def by_cluster_part(rows, lang: str):
    if rows.empty:
        return c.no_quarter_data(t("money.by_cluster.what", lang), lang)
    if len(rows) > MAX_CLUSTER_BARS:  # the largest clusters; a bar chart of hundreds is unreadable
        rows = rows.sort_values("allocated", ascending=False).head(MAX_CLUSTER_BARS)
    label = "; ".join(
        f"{r.name}: {t('common.allocated', lang).lower()} {formatting.money(r.allocated, lang, cents=False)}, "
        f"{t('common.spent', lang).lower()} {formatting.money(r.spent, lang, cents=False)}"
        for r in rows.itertuples())
    return _graph("money-by-cluster-graph", figures.by_cluster_figure(rows, lang), label)


@auth.data_callback(
    Output("money-trend-body", "children"),
    Input(QUARTER_PICKER, "value"),
    Input("money-stream", "value"),
    action=auth.VIEW_MONEY,
)
def show_money_trend(principal, _quarter, stream):
    """Money received, allocated and spent over every quarter with flows."""
    lang = current_language()
    stream = choice_input(stream, STREAMS)

    def compute(conn):
        rows = money.trend(conn, stream or None)
        if rows.empty:
            return c.no_quarter_data(t("money.trend.what", lang), lang)
        label = "; ".join(
            f"{formatting.quarter_label(r.quarter, lang)}: {formatting.money(r.incoming, lang, cents=False)}"
            for r in rows.itertuples())
        return responses.plain(_graph("money-trend-graph", figures.trend_figure(rows, lang), label))

    return cache.cached(context.engine(), ("money-trend", stream or None, lang), compute)
