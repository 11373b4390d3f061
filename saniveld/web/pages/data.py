"""Data (`/data`): import a data package with its validation report; export the data."""

from __future__ import annotations

import dash
from dash import html

from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/data", title=c.page_title("data.title"), order=5)


def layout(**_query):
    lang = current_language()
    return html.Div(
        [
            c.page_header(t("data.title", lang), t("data.intro", lang)),
            html.Div(
                [
                    c.section(
                        "data-import",
                        t("data.import", lang),
                        c.loading("data-import-body", c.empty_state(t("data.import.body", lang))),
                    ),
                    c.section(
                        "data-export",
                        t("data.export", lang),
                        c.loading("data-export-body", c.empty_state(t("data.export.body", lang))),
                    ),
                ],
                className="grid-2",
            ),
            c.section(
                "data-report",
                t("data.report", lang),
                c.loading("data-report-body", c.empty_state(t("data.report.body", lang))),
                wide=True,
            ),
        ],
        className="page page-data",
    )
