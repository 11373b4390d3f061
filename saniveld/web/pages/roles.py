"""Rollen (`/rollen`): the carrying roles by scope, vacancies, many roles, role versus function."""

from __future__ import annotations

import dash
from dash import Input, Output, html

from saniveld import cache, roles
from saniveld.web import auth, context, formatting, responses
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import quarter_input

dash.register_page(__name__, path="/rollen", title=c.page_title("roles.title"), order=2)

MAX_SCOPE_ROWS = 200  # clusters shown in the matrix; vacancies are always listed in full

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


@auth.data_callback(
    Output("roles-matrix-body", "children"),
    Output("roles-vacancies-body", "children"),
    Output("roles-many-body", "children"),
    Output("roles-congruence-body", "children"),
    Input(QUARTER_PICKER, "value"),
    action=auth.VIEW_ROLES,
)
def show_roles(principal, quarter):
    """Who carries which role at the end of the quarter, and where a role is vacant."""
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter:
        return tuple(c.no_quarter_data(t(f"{key}.what", lang), lang) for _, key, _ in _PARTS)
    # The same for every viewer: drawn once per (quarter, language, data version), kept as
    # plain JSON-ready dicts so a repeat answer is only serialised.
    return cache.cached(context.engine(), ("roles_page", quarter, lang),
                        lambda conn: _plain(_sections(conn, quarter, lang)))


def _sections(conn, quarter: str, lang: str) -> tuple:
    matrix = roles.role_matrix(conn, quarter, t("roles.scope.network", lang))
    many, fit = roles.many_roles(conn, quarter), roles.congruence(conn, quarter)
    names = {r.code: r.name(lang) for r in matrix.roles}
    return (matrix_table(matrix, lang), vacancy_list(matrix, lang),
            many_table(many, names, dict(matrix.scopes), lang), congruence_table(fit, names, lang))


def _plain(components) -> tuple:
    """Components as the JSON Dash sends (the renderer reads both the same way)."""
    return tuple(responses.plain(list(components)))


def _as_of(matrix: roles.RoleMatrix, lang: str) -> html.P:
    return html.P(t("roles.as_of", lang, date=formatting.date(matrix.as_of, lang)),
                  className="muted")


def _carriers(cell: roles.Cell, lang: str, texts: dict | None = None):
    texts = texts or _cell_texts(lang)
    if cell.vacant:
        return html.Span(["○ ", texts["vacant"]], className="role-vacant-mark")
    if not cell.carriers:
        return html.Span(texts["not_needed"], title=texts["not_needed.title"], className="role-na")
    items = []
    for carrier in cell.carriers:
        text = [carrier.name]
        if carrier.via_combo:
            text.append(html.Span(f" ({texts['via_combo'].format(combo=carrier.via_combo)})",
                                  className="muted"))
        items.append(html.Li(text))
    return html.Ul(items, className="carrier-list")


def _cell_texts(lang: str) -> dict:
    """The matrix cells' words, looked up once per table instead of once per cell."""
    return {"vacant": t("roles.vacant", lang), "not_needed": t("roles.not_needed", lang),
            "not_needed.title": t("roles.not_needed.title", lang),
            "via_combo": t("roles.via_combo", lang, combo="{combo}")}


def matrix_table(matrix: roles.RoleMatrix, lang: str) -> html.Div:
    """Scopes down, roles across; a vacant cell says so in words on a hatched background."""
    header = html.Tr([html.Th(t("roles.scope", lang), scope="col")]
                     + [html.Th(r.name(lang), scope="col") for r in matrix.roles])
    rows = []
    texts = _cell_texts(lang)
    for scope, name in matrix.scopes[: MAX_SCOPE_ROWS + 1]:
        cells = [html.Th(name, scope="row")]
        for role in matrix.roles:
            cell = matrix.cell(role.code, scope)
            cells.append(html.Td(_carriers(cell, lang, texts),
                                 className="role-vacant" if cell.vacant else None))
        rows.append(html.Tr(cells))
    parts = [_as_of(matrix, lang),
             html.Div(html.Table([html.Thead(header), html.Tbody(rows)],
                                 className="data-table role-matrix"), className="table-scroll")]
    clusters = len(matrix.scopes) - 1
    if clusters > MAX_SCOPE_ROWS:
        parts.append(html.P(t("roles.truncated", lang, shown=formatting.count(MAX_SCOPE_ROWS, lang),
                              total=formatting.count(clusters, lang)), className="muted"))
    return html.Div(parts)


def vacancy_list(matrix: roles.RoleMatrix, lang: str) -> html.Div:
    vacancies = matrix.vacancies()
    if not vacancies:
        return c.empty_state(t("roles.no_vacancies", lang))
    scope_names = dict(matrix.scopes)
    names = {r.code: r.name(lang) for r in matrix.roles}
    return html.Div([
        html.P(t("roles.vacancy_count.one", lang) if len(vacancies) == 1 else
               t("roles.vacancy_count", lang, count=formatting.count(len(vacancies), lang)),
               className="summary-line"),
        html.Ul([html.Li(f"{names[v.role_code]} — {scope_names[v.scope]}") for v in vacancies],
                className="vacancy-list"),
    ])


def many_table(many: list[roles.ManyRoles], names: dict[str, str], scopes: dict[str, str],
               lang: str) -> html.Div:
    if not many:
        return c.empty_state(t("roles.none_many", lang))
    rows = [
        html.Tr([
            html.Th(person.name, scope="row"),
            html.Td(person.function or t("common.no_function", lang)),
            html.Td(formatting.count(person.count, lang), className="num"),
            html.Td("; ".join(
                f"{names.get(role, role)} ({scopes.get(scope, scope)})"
                for role, scope in person.roles)),
        ])
        for person in many
    ]
    header = html.Tr([html.Th(t("common.name", lang), scope="col"),
                      html.Th(t("common.function", lang), scope="col"),
                      html.Th(t("roles.count", lang), scope="col", className="num"),
                      html.Th(t("roles.title", lang), scope="col")])
    return html.Div(html.Table([html.Thead(header), html.Tbody(rows)], className="data-table"),
                    className="table-scroll")


def congruence_table(rows: list[roles.Congruence], names: dict[str, str], lang: str) -> html.Div:
    if not rows:
        return c.no_quarter_data(t("roles.congruence.what", lang), lang)
    header = html.Tr([html.Th(t("roles.role", lang), scope="col"),
                      html.Th(t("common.function", lang), scope="col"),
                      html.Th(t("roles.carriers", lang), scope="col", className="num"),
                      html.Th(t("roles.share", lang), scope="col", className="num")])
    body = []
    previous = None
    for row in rows:
        role_cell = html.Th(names.get(row.role_code, row.role_code) if row.role_code != previous
                            else "", scope="row")
        previous = row.role_code
        body.append(html.Tr([
            role_cell,
            html.Td(row.function or html.Span(t("common.no_function", lang), className="muted")),
            html.Td(formatting.count(row.carriers, lang), className="num"),
            html.Td(formatting.percent(row.share_percent, lang, decimals=0), className="num"),
        ]))
    return html.Div(html.Table([html.Thead(header), html.Tbody(body)], className="data-table"),
                    className="table-scroll")
