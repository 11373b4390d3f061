"""Netwerk (`/netwerk`): clusters, combos, partners and the fund administrator as a graph."""

from __future__ import annotations

import dash
from dash import html

from saniveld.db.schema import COMBO_TYPES
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/netwerk", title=c.page_title("network.title"), order=1)


def _filters(lang: str) -> html.Div:
    types = [{"label": t(f"combo_type.{code}", lang), "value": code} for code in COMBO_TYPES]
    return html.Div(
        [
            c.labelled_dropdown("network-cluster", t("common.cluster", lang), clearable=True,
                                placeholder=t("common.all_clusters", lang)),
            c.labelled_dropdown("network-type", t("network.filter_type", lang), options=types,
                                clearable=True, placeholder=t("network.all_types", lang)),
        ],
        className="filters",
    )


def layout(**_query):
    lang = current_language()
    return html.Div(
        [
            c.page_header(t("network.title", lang), t("network.intro", lang), extra=_filters(lang)),
            html.Div(
                [
                    c.section(
                        "network-graph",
                        t("network.graph", lang),
                        c.loading("network-graph-body",
                                  c.no_quarter_data(t("network.graph.what", lang), lang)),
                    ),
                    c.section(
                        "network-details",
                        t("network.details", lang),
                        html.Div(
                            c.empty_state(t("empty.selection.title", lang),
                                          t("network.details.body", lang)),
                            id="network-details-body",
                            **{"aria-live": "polite"},
                        ),
                    ),
                ],
                className="grid-main-side",
            ),
        ],
        className="page page-network",
    )
