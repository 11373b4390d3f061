"""Rollen (`/rollen`): the carrying roles by scope, vacancies, many roles, role versus function."""

from __future__ import annotations

import dash
from dash import html

from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/rollen", title=c.page_title("roles.title"), order=2)

_PARTS = (
    ("roles-matrix", "roles.matrix", True),
    ("roles-vacancies", "roles.vacancies", False),
    ("roles-many", "roles.many", False),
    ("roles-congruence", "roles.congruence", True),
)


def layout(**_query):
    lang = current_language()
    sections = [
        c.section(
            section_id,
            t(key, lang),
            c.loading(f"{section_id}-body", c.no_quarter_data(t(f"{key}.what", lang), lang)),
            wide=wide,
        )
        for section_id, key, wide in _PARTS
    ]
    return html.Div(
        [
            c.page_header(t("roles.title", lang), t("roles.intro", lang)),
            sections[0],
            html.Div(sections[1:3], className="grid-2"),
            sections[3],
        ],
        className="page page-roles",
    )
