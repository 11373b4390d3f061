"""Mijn cluster (`/cluster/<code>`): a cluster's combos; `/cluster` to choose a cluster.

The cluster comes from the address (the menu leads a coordinator to their own); every
callback checks ``VIEW_CLUSTER`` for that cluster code on the server, since the address is
the user's to change.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html

from saniveld import access, cluster_view
from saniveld.db.schema import DIMENSIONS, MEMBER_TYPES
from saniveld.web import auth, context, formatting
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import (
    code_input,
    count_text,
    is_suppressed,
    quarter_input,
    sees_combos,
    sees_detail,
)

# The data package's code rule (DATA_PACKAGE.md): letters, digits, '-' and '_'.
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

COUNT_COLUMNS = ("residents", "members", *(f"member_{m}" for m in MEMBER_TYPES),
                 "resource_group", "experiences", *(f"exp_{d}" for d in DIMENSIONS))
MONEY_COLUMNS = ("allocated", "spent")


def is_cluster_code(text: str | None) -> bool:
    return bool(text) and bool(_CODE.match(text))


def _title(cluster_code: str | None = None, **_) -> str:
    if cluster_code is None:
        page = t("clusters.title")
    elif is_cluster_code(cluster_code):
        page = t("cluster.title", code=cluster_code)
    else:
        page = t("notfound.title")
    return t("page.title", page=page, app=t("app.name"))


# One module, two addresses: the template matches /cluster/<code>, the path matches /cluster.
dash.register_page(
    __name__,
    path="/cluster",
    path_template="/cluster/<cluster_code>",
    title=_title,
    order=4,
)


def _choose_cluster(lang: str) -> html.Div:
    return html.Div(
        [
            c.page_header(t("clusters.title", lang), t("clusters.intro", lang)),
            c.section(
                "clusters-list",
                t("clusters.list", lang),
                c.loading("clusters-list-body",
                          c.no_quarter_data(t("clusters.list.what", lang), lang)),
                wide=True,
            ),
        ],
        className="page page-clusters",
    )


# AG Grid's own texts (pagination, filter menus) in Dutch; English is its default.
GRID_TEXT_NL = {
    "page": "Pagina", "of": "van", "to": "tot", "more": "meer", "next": "Volgende",
    "previous": "Vorige", "first": "Eerste", "last": "Laatste", "firstPage": "Eerste pagina",
    "previousPage": "Vorige pagina", "nextPage": "Volgende pagina", "lastPage": "Laatste pagina",
    "noRowsToShow": "Geen combi's", "loadingOoo": "Bezig met laden…",
    "filterOoo": "Filteren…", "equals": "Gelijk aan", "notEqual": "Niet gelijk aan",
    "lessThan": "Kleiner dan", "greaterThan": "Groter dan", "lessThanOrEqual": "Kleiner dan of gelijk aan",
    "greaterThanOrEqual": "Groter dan of gelijk aan", "inRange": "Tussen", "inRangeStart": "van",
    "inRangeEnd": "tot", "contains": "Bevat", "notContains": "Bevat niet",
    "startsWith": "Begint met", "endsWith": "Eindigt op", "blank": "Leeg", "notBlank": "Niet leeg",
    "andCondition": "EN", "orCondition": "OF", "applyFilter": "Toepassen",
    "resetFilter": "Herstellen", "clearFilter": "Wissen", "cancelFilter": "Annuleren",
    "columnFilter": "Kolomfilter", "ariaFilterValue": "Filterwaarde",
}


def _number_column(field: str, header: str) -> dict:
    return {"field": field, "headerName": header, "headerTooltip": header, "type": "rightAligned",
            "filter": "agNumberColumnFilter", "width": 130, "minWidth": 100,
            "wrapHeaderText": True, "autoHeaderHeight": True,
            "valueFormatter": {"function": f"params.data.{field}_text"}}


def column_defs(lang: str, aggregated: bool = False) -> list[dict]:
    """The grid's columns: combo, type, residents, members by type, resource group,
    experiences by dimension, money. Numbers sort as numbers and read in Dutch format.
    `aggregated`: one row per combo type with its number of combos instead of one per combo."""
    if aggregated:
        first = [{"field": "type_label", "headerName": t("common.type", lang), "pinned": "left",
                  "filter": "agTextColumnFilter", "minWidth": 190},
                 _number_column("combos", t("cluster.col.combos", lang))]
    else:
        first = [{"field": "name", "headerName": t("cluster.col.combo", lang), "pinned": "left",
                  "filter": "agTextColumnFilter", "minWidth": 190},
                 {"field": "type_label", "headerName": t("common.type", lang),
                  "filter": "agTextColumnFilter", "width": 160}]
    return [
        *first,
        _number_column("residents", t("common.residents", lang)),
        {"headerName": t("cluster.group.members", lang), "children": [
            _number_column("members", t("common.total", lang)),
            *(_number_column(f"member_{m}", t(f"member_type.{m}", lang)) for m in MEMBER_TYPES),
            _number_column("resource_group", t("cluster.col.resource_group", lang)),
        ]},
        {"headerName": t("cluster.group.experiences", lang), "children": [
            _number_column("experiences", t("common.total", lang)),
            *(_number_column(f"exp_{d}", t(f"dimension.{d}", lang)) for d in DIMENSIONS),
        ]},
        {"headerName": t("cluster.group.money", lang), "children": [
            _number_column("allocated", t("common.allocated", lang)),
            _number_column("spent", t("common.spent", lang)),
        ]},
    ]


def _cluster(code: str, lang: str) -> html.Div:
    aggregated = not sees_combos(auth.current_principal(), code)
    grid = dag.AgGrid(
        id="cluster-grid",
        columnDefs=column_defs(lang, aggregated),
        rowData=[],
        getRowId="params.data.combo_code",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": False},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": False,
                             "enableClickSelection": True},
            "domLayout": "autoHeight",
            "pagination": True,
            "paginationPageSize": 25,
            "paginationPageSizeSelector": False,
            "suppressCellFocus": False,
            "suppressColumnVirtualisation": True,  # ~20 columns: all in the DOM, for readers
            **({"localeText": GRID_TEXT_NL} if lang == "nl" else {}),
        },
        className="cluster-grid",
        style={"width": "100%"},
    )
    return html.Div(
        [
            dcc.Store(id="cluster-code", data=code),
            c.page_header(t("cluster.title", lang, code=code), t("cluster.intro", lang)),
            c.section(
                "cluster-combos",
                t("cluster.combos", lang),
                c.loading("cluster-combos-body", [
                    html.P(id="cluster-summary", className="graph-status",
                           **{"aria-live": "polite"}),
                    html.Div(c.no_quarter_data(t("cluster.combos.what", lang), lang),
                             id="cluster-empty"),
                    html.Div(grid, id="cluster-grid-frame", style={"display": "none"},
                             role="region", **{"aria-label": t("cluster.grid.label", lang)}),
                ]),
                wide=True,
            ),
            c.section(
                "cluster-detail",
                t("cluster.detail", lang),
                c.loading("cluster-detail-loading", html.Div(
                    c.empty_state(t("empty.selection.title", lang), t("cluster.detail.body", lang)),
                    id="cluster-detail-body",
                    **{"aria-live": "polite"},
                )),
                wide=True,
            ),
        ],
        className="page page-cluster",
        **{"data-cluster": code},
    )


def layout(cluster_code: str | None = None, **_query):
    lang = current_language()
    if cluster_code is None:
        return _choose_cluster(lang)
    if not is_cluster_code(cluster_code):
        return c.not_found(lang)
    return _cluster(cluster_code, lang)


# ---------------------------------------------------------------------------------------------
# /cluster: the list


@auth.data_callback(
    Output("clusters-list-body", "children"),
    Input(QUARTER_PICKER, "value"),
    action=auth.VIEW_NETWORK,
)
def list_clusters(principal, _quarter):
    """Links to every cluster."""
    lang = current_language()
    with context.reading() as conn:
        clusters = cluster_view.clusters(conn)
    if not clusters:
        return c.no_quarter_data(t("clusters.list.what", lang), lang)
    return html.Ul([html.Li(dcc.Link(f"{name} ({code})", href=f"/cluster/{quote(code)}"))
                    for code, name in clusters], className="cluster-links")


# ---------------------------------------------------------------------------------------------
# /cluster/<code>: the grid and the detail


@auth.data_callback(
    Output("cluster-grid", "rowData"),
    Output("cluster-summary", "children"),
    Output("cluster-empty", "children"),
    Output("cluster-empty", "style"),
    Output("cluster-grid-frame", "style"),
    Input(QUARTER_PICKER, "value"),
    Input("cluster-code", "data"),
    action=auth.VIEW_CLUSTER,
)
def show_cluster_combos(principal, quarter, cluster_code):
    """The cluster's combos active in the quarter, one row each."""
    lang = current_language()
    quarter, cluster_code = quarter_input(quarter), code_input(cluster_code)
    auth.require(principal, auth.VIEW_CLUSTER, cluster_code)
    hidden, shown = {"display": "none"}, {}
    empty = c.no_quarter_data(t("cluster.combos.what", lang), lang)
    if not quarter or not is_cluster_code(cluster_code):
        return [], "", empty, shown, hidden
    with context.reading() as conn:
        name = cluster_view.cluster_name(conn, cluster_code)
        rows = cluster_view.combo_rows(conn, cluster_code, quarter) if name else []
    if name is None:
        return [], "", c.empty_state(t("cluster.not_found", lang, code=cluster_code)), shown, hidden
    if not rows:
        return [], "", empty, shown, hidden
    if not sees_combos(principal, cluster_code):
        rows = [{**row, "combo_code": f"type:{row['combo_type']}", "name": ""}
                for row in cluster_view.type_rows(rows)]
        return (grid_rows(rows, principal, cluster_code, lang), t("cluster.aggregated", lang),
                None, hidden, shown)
    summary = t("cluster.summary", lang, combos=formatting.count(len(rows), lang),
                quarter=formatting.quarter_label(quarter, lang))
    return grid_rows(rows, principal, cluster_code, lang), summary, None, hidden, shown


def grid_rows(rows: list[dict], principal, cluster_code: str, lang: str) -> list[dict]:
    """Rows for the grid: numbers to sort on, texts to read (money in euros, small counts
    suppressed for viewers outside the cluster)."""
    out = []
    for row in rows:
        item = {"combo_code": row["combo_code"], "name": row["name"],
                "type_label": t(f"combo_type.{row['combo_type']}", lang)}
        if "combos" in row:  # a number of working units, not of people: never suppressed
            item["combos"] = row["combos"]
            item["combos_text"] = formatting.count(row["combos"], lang)
        for column in COUNT_COLUMNS:
            value = row[column]
            item[column] = None if is_suppressed(value, principal, cluster_code) else value
            item[f"{column}_text"] = count_text(value, principal, cluster_code, lang)
        for column in MONEY_COLUMNS:
            item[column] = int(row[column] * 100)  # cents: exact, sortable
            item[f"{column}_text"] = formatting.money(row[column], lang)
        out.append(item)
    return out


@auth.data_callback(
    Output("cluster-detail-body", "children"),
    Input("cluster-grid", "selectedRows"),
    State(QUARTER_PICKER, "value"),
    State("cluster-code", "data"),
    action=auth.VIEW_CLUSTER,
)
def show_combo_detail(principal, selected, quarter, cluster_code):
    """The chosen combo: members, experiences by organiser, money flows, notes."""
    lang = current_language()
    quarter, cluster_code = quarter_input(quarter), code_input(cluster_code)
    auth.require(principal, auth.VIEW_CLUSTER, cluster_code)
    if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
        selected = None
    if not sees_combos(principal, cluster_code):
        return c.empty_state(t("network.detail.not_allowed", lang))
    if not selected or not quarter:
        return c.empty_state(t("empty.selection.title", lang), t("cluster.detail.body", lang))
    with context.reading() as conn:
        detail = cluster_view.combo_detail(conn, code_input(selected[0].get("combo_code")) or "",
                                           quarter)
    if detail is None or detail.cluster_code != cluster_code:
        return c.empty_state(t("network.detail.not_found", lang))
    return detail_panel(detail, principal, lang)


def detail_panel(d: cluster_view.ComboDetail, principal, lang: str) -> html.Div:
    count = lambda v: count_text(v, principal, d.cluster_code, lang)  # noqa: E731
    full = sees_detail(principal, d.cluster_code)
    period = t("common.since", lang, date=formatting.date(d.started_on, lang))
    if d.ended_on:
        period += ", " + t("common.until", lang, date=formatting.date(d.ended_on, lang))
    facts = [(t("common.type", lang), t(f"combo_type.{d.combo_type}", lang)),
             (t("common.residents", lang), count(d.residents)),
             (t("network.detail.period", lang), period),
             (t("network.detail.resource_group", lang), count(d.resource_group))]
    members = [(t(f"member_type.{k}", lang), count(v)) for k, v in d.members_by_type.items()]
    organisers = [(t(f"organised_by.{k}", lang), count(v))
                  for k, v in d.experiences_by_organiser.items()]
    parts = [html.H3(d.name), _dl(facts),
             html.Div([
                 html.Div([html.H4(t("common.members", lang)),
                           _dl(members) if members else html.P(t("common.none", lang))]),
                 html.Div([html.H4(t("cluster.detail.organised_by", lang)),
                           _dl(organisers) if organisers else html.P(t("common.none", lang))]),
             ], className="grid-2")]
    if full and d.professionals:
        parts += [html.H4(t("cluster.detail.professionals", lang)),
                  html.Ul([html.Li(f"{name}" + (f" ({function})" if function else ""))
                           for name, function in d.professionals])]
    if d.flows:
        header = html.Tr([html.Th(t("common.type", lang), scope="col"),
                          html.Th(t("cluster.detail.from_to", lang), scope="col"),
                          html.Th(t("money.stream", lang), scope="col"),
                          html.Th(t("money.amount", lang), scope="col", className="num")])
        body = [html.Tr([html.Td(t(f"kind.{f['kind']}", lang)),
                         html.Td(f"{f['from_name']} → {f['to_name']}"),
                         html.Td(f"{t('stream.' + f['stream'], lang)} · {t('purpose.' + f['purpose'], lang)}"),
                         html.Td(formatting.money(f["amount"], lang), className="num")])
                for f in d.flows]
        parts += [html.H4(t("cluster.detail.flows", lang)),
                  html.Div(html.Table([html.Thead(header), html.Tbody(body)],
                                      className="data-table"), className="table-scroll")]
    may_write = auth.is_allowed(principal, auth.EDIT_COMBO_NOTES,
                                access.Combo(d.combo_code, d.cluster_code))
    if full and (d.notes or may_write):
        parts += [html.H4(t("cluster.detail.notes", lang)),
                  html.Div(notes_list(d.notes, lang), id="combo-notes-list")]
    if may_write:
        parts.append(_note_form(d.combo_code, lang))
    return html.Div(parts, className="details")


def notes_list(notes: list[dict], lang: str):
    if not notes:
        return html.P(t("cluster.notes.none", lang), className="muted")
    return html.Ul([html.Li([n["body"], html.Span(
        f" — {n['written_by']}, {formatting.date(n['written_at'], lang)}",
        className="muted")]) for n in notes])


def _note_form(combo_code: str, lang: str) -> html.Div:
    """A coordinator's note on a combo of their own cluster."""
    return html.Div([
        dcc.Store(id="combo-note-combo", data=combo_code),
        html.Label(t("cluster.notes.label", lang), htmlFor="combo-note-text"),
        dcc.Textarea(id="combo-note-text", value="", maxLength=cluster_view.NOTE_MAX_LENGTH,
                     rows=3, className="note-text", style={"width": "100%"}),
        html.Button(t("cluster.notes.add", lang), id="combo-note-add", n_clicks=0,
                    className="button", type="button"),
        html.P(id="combo-note-status", className="graph-status", role="status"),
    ], className="note-form")


@auth.data_callback(
    Output("combo-notes-list", "children"),
    Output("combo-note-status", "children"),
    Output("combo-note-text", "value"),
    Input("combo-note-add", "n_clicks"),
    State("combo-note-combo", "data"),
    State("combo-note-text", "value"),
    action=auth.EDIT_COMBO_NOTES,
    prevent_initial_call=True,
)
def add_note(principal, clicks, combo_code, text):
    """Store the note (only on a combo of the coordinator's own cluster) and show the notes."""
    lang = current_language()
    if not clicks:
        raise dash.exceptions.PreventUpdate
    combo_code = code_input(combo_code) or ""
    with context.reading() as conn:
        cluster_code = cluster_view.combo_cluster(conn, combo_code)
    auth.require(principal, auth.EDIT_COMBO_NOTES, access.Combo(combo_code, cluster_code or ""))
    try:
        with context.writing() as conn:
            cluster_view.add_combo_note(conn, combo_code, text if isinstance(text, str) else "",
                                        principal.username)
    except cluster_view.NoteRefused as exc:
        return dash.no_update, t(f"cluster.notes.refused.{exc}", lang), dash.no_update
    auth.audit(principal, auth.EDIT_COMBO_NOTES, combo_code, "ok")
    with context.reading() as conn:
        notes = cluster_view.combo_notes(conn, combo_code)
    return notes_list(notes, lang), t("cluster.notes.saved", lang), ""


def _dl(rows) -> html.Dl:
    children = []
    for term, value in rows:
        children += [html.Dt(term), html.Dd(value)]
    return html.Dl(children, className="facts")
