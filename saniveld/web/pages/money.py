"""Geldstromen (`/geldstromen`): funders to combos, overhead against its limit, trends."""

from __future__ import annotations

import dash
from dash import html

from saniveld.db.schema import STREAMS
from saniveld.web import components as c
from saniveld.web import formatting
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/geldstromen", title=c.page_title("money.title"), order=3)

OVERHEAD_LIMIT_PERCENT = 15  # shown in the empty state; the boundary itself lives in the levers


def _filters(lang: str) -> html.Div:
    streams = [{"label": t(f"stream.{code}", lang), "value": code} for code in STREAMS]
    return html.Div(
        c.labelled_dropdown("money-stream", t("money.stream", lang), options=streams,
                            clearable=True, placeholder=t("money.all_streams", lang)),
        className="filters",
    )


def _part(section_id: str, key: str, what: str, lang: str, *, wide=False):
    return c.section(
        section_id,
        t(key, lang),
        c.loading(f"{section_id}-body", c.no_quarter_data(what, lang)),
        wide=wide,
    )


def layout(**_query):
    lang = current_language()
    limit = formatting.percent(OVERHEAD_LIMIT_PERCENT, lang, decimals=0)
    return html.Div(
        [
            c.page_header(t("money.title", lang), t("money.intro", lang), extra=_filters(lang)),
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
