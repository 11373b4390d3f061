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
from dash import ClientsideFunction, Input, Output, State, dcc, html

from saniveld import access, cache, cluster_view, settings
from saniveld.db.schema import COMBO_TYPES, DIMENSIONS, MEMBER_TYPES
from saniveld.web import auth, context, formatting, responses
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import (
    code_input,
    count_text,
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


def cluster_heading(cluster_code: str, lang: str | None = None) -> str:
    """``Cluster Noord (NOORD)``: the cluster's name with its code, for whoever may open the
    cluster; else (or for an unknown cluster) ``Cluster NOORD``."""
    name = None
    principal = auth.current_principal()
    if principal is not None and auth.is_allowed(principal, auth.VIEW_CLUSTER, cluster_code):
        name = _cluster_name(cluster_code)
    if name:
        return t("cluster.title.named", lang, name=name, code=cluster_code)
    return t("cluster.title", lang, code=cluster_code)


def _cluster_name(cluster_code: str) -> str | None:
    """The cluster's name (None: no such cluster), cached per data version."""
    return cache.cached(context.engine(), ("cluster_name", cluster_code),
                        lambda conn: cluster_view.cluster_name(conn, cluster_code))


def _title(cluster_code: str | None = None, **_) -> str:
    if cluster_code is None:
        page = t("clusters.title")
    elif is_cluster_code(cluster_code):
        page = cluster_heading(cluster_code)
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
    # Wide enough for the longest word of a header (``Ervaringsdeskundigen``) beside the filter
    # and sort icons, so headers wrap between words, never inside one.
    longest = max(len(word) for word in header.split())
    width = max(120, min(290, 9 * longest + 100))
    return {"field": field, "headerName": header, "headerTooltip": header, "type": "rightAligned",
            "filter": "agNumberColumnFilter", "width": width, "minWidth": width,
            "wrapHeaderText": True, "autoHeaderHeight": True,
            "filterParams": {"filterOptions": list(NUMBER_FILTERS), "maxNumConditions": 2},
            "valueFormatter": {"function": f"params.data ? params.data.{field}_text : ''"}}


# The filters the server applies (cluster_view.Filter); the grid offers only these.
NUMBER_FILTERS = ("equals", "notEqual", "lessThan", "lessThanOrEqual", "greaterThan",
                  "greaterThanOrEqual", "inRange", "blank", "notBlank")
TEXT_FILTERS = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith",
                "blank", "notBlank")
_TEXT_FILTER_PARAMS = {"filterOptions": list(TEXT_FILTERS), "maxNumConditions": 2}


def column_defs(lang: str, aggregated: bool = False) -> list[dict]:
    """The grid's columns: combo, type, residents, members by type, resource group,
    experiences by dimension, money. Numbers sort as numbers and read in Dutch format.
    `aggregated`: one row per combo type with its number of combos instead of one per combo."""
    if aggregated:
        first = [{"field": "type_label", "headerName": t("common.type", lang), "pinned": "left",
                  "filter": "agTextColumnFilter", "filterParams": _TEXT_FILTER_PARAMS,
                  "minWidth": 190},
                 _number_column("combos", t("cluster.col.combos", lang))]
    else:
        first = [{"field": "name", "headerName": t("cluster.col.combo", lang), "pinned": "left",
                  "filter": "agTextColumnFilter", "filterParams": _TEXT_FILTER_PARAMS,
                  "minWidth": 190},
                 {"field": "type_label", "headerName": t("common.type", lang),
                  "filter": "agTextColumnFilter", "filterParams": _TEXT_FILTER_PARAMS,
                  "width": 160}]
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
        # Server-side paging: the grid asks for blocks of rows (getRowsRequest) and the server
        # answers one block at a time, filtered and sorted in the database (getRowsResponse).
        rowModelType="infinite",
        getRowId="params.data.combo_code",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": False},
        dashGridOptions={
            "cacheBlockSize": GRID_BLOCK_ROWS,
            "maxBlocksInCache": 10,
            "infiniteInitialRowCount": 1,
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
            dcc.Store(id="cluster-grid-refresh"),
            c.page_header(cluster_heading(code, lang), t("cluster.intro", lang)),
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

    def links(conn):  # the same for everyone: kept as the JSON Dash sends
        clusters = cluster_view.clusters(conn)
        if not clusters:
            return c.no_quarter_data(t("clusters.list.what", lang), lang)
        return responses.plain(html.Ul(
            [html.Li(dcc.Link(f"{name} ({code})", href=f"/cluster/{quote(code)}"))
             for code, name in clusters], className="cluster-links"))

    return cache.cached(context.engine(), ("cluster_links", lang), links)


# ---------------------------------------------------------------------------------------------
# /cluster/<code>: the grid and the detail


GRID_BLOCK_ROWS = 50  # rows per request of the grid: two pages (the server answers at most 1,000)


@auth.data_callback(
    Output("cluster-summary", "children"),
    Output("cluster-empty", "children"),
    Output("cluster-empty", "style"),
    Output("cluster-grid-frame", "style"),
    Input(QUARTER_PICKER, "value"),
    Input("cluster-code", "data"),
    action=auth.VIEW_CLUSTER,
)
def show_cluster_combos(principal, quarter, cluster_code):
    """How many combos the cluster has in the quarter; the grid (or why there is none).
    The rows themselves come page by page from :func:`cluster_grid_rows`."""
    lang = current_language()
    quarter, cluster_code = quarter_input(quarter), code_input(cluster_code)
    auth.require(principal, auth.VIEW_CLUSTER, cluster_code)
    hidden, shown = {"display": "none"}, {}
    empty = c.no_quarter_data(t("cluster.combos.what", lang), lang)
    if not quarter or not is_cluster_code(cluster_code):
        return "", empty, shown, hidden

    def count(conn) -> tuple:
        name = cluster_view.cluster_name(conn, cluster_code)
        return name, (cluster_view.combo_count(conn, cluster_code, quarter) if name else 0)

    name, combos = cache.cached(context.engine(), ("cluster_combo_count", quarter, cluster_code), count)
    if name is None:
        return "", c.empty_state(t("cluster.not_found", lang, code=cluster_code)), shown, hidden
    if not combos:
        return "", empty, shown, hidden
    if not sees_combos(principal, cluster_code):
        return t("cluster.aggregated", lang), None, hidden, shown
    summary = t("cluster.summary", lang, combos=formatting.count(combos, lang),
                quarter=formatting.quarter_label(quarter, lang))
    return summary, None, hidden, shown


# A new quarter (or cluster): the grid forgets its blocks and asks the server again.
dash.clientside_callback(
    ClientsideFunction(namespace="saniveld", function_name="refreshInfiniteGrid"),
    Output("cluster-grid-refresh", "data"),
    Input(QUARTER_PICKER, "value"),
    Input("cluster-code", "data"),
    State("cluster-grid", "id"),
)


@auth.data_callback(
    Output("cluster-grid", "getRowsResponse"),
    Input("cluster-grid", "getRowsRequest"),
    State(QUARTER_PICKER, "value"),
    State("cluster-code", "data"),
    action=auth.VIEW_CLUSTER,
)
def cluster_grid_rows(principal, request, quarter, cluster_code):
    """One block of the grid's rows, filtered, sorted and cut on the server.

    The same rules as the page: VIEW_CLUSTER for the cluster; combos one by one only for
    whoever may see them (else one row per combo type); small counts exact only inside the
    cluster, else hidden, also from sorting and filtering.
    """
    lang = current_language()
    quarter, cluster_code = quarter_input(quarter), code_input(cluster_code)
    auth.require(principal, auth.VIEW_CLUSTER, cluster_code)
    empty = {"rowData": [], "rowCount": 0}
    if not quarter or not is_cluster_code(cluster_code) or not isinstance(request, dict):
        return empty
    start, end = _row_range(request)
    by_type = not sees_combos(principal, cluster_code)
    hide_below = None if sees_detail(principal, cluster_code) else settings.small_count_threshold()
    sort, filters = sort_model(request.get("sortModel")), filter_model(request.get("filterModel"))
    labels = {code: t(f"combo_type.{code}", lang) for code in COMBO_TYPES}
    key = ("cluster_grid", quarter, cluster_code, by_type, hide_below, lang, sort, start, end)

    def answer(conn) -> dict:
        page = cluster_view.grid_page(conn, cluster_code, quarter, start=start, end=end,
                                      sort=sort, filters=filters, by_type=by_type,
                                      hide_below=hide_below, type_labels=labels)
        return {"rowData": grid_rows(page.rows, lang), "rowCount": page.total}

    if filters or start:  # the first block of every sort is remembered; the rest is asked for
        with context.reading() as conn:
            return answer(conn)
    return cache.cached(context.engine(), key, answer)


def _int(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _row_range(request: dict) -> tuple[int, int]:
    """startRow … endRow of a request, at most one server page (cluster_view.MAX_PAGE_ROWS)."""
    start = max(0, _int(request.get("startRow"), 0))
    end = max(start, _int(request.get("endRow"), start + GRID_BLOCK_ROWS))
    return start, min(end, start + cluster_view.MAX_PAGE_ROWS)


SORTABLE = frozenset({"name", "type_label", "combos", *COUNT_COLUMNS, *MONEY_COLUMNS})


def sort_model(model) -> tuple[cluster_view.Sort, ...]:
    """AG Grid's sortModel (``[{"colId": "residents", "sort": "desc"}]``) as Sorts; anything
    else is ignored."""
    if not isinstance(model, list):
        return ()
    out = []
    for item in model[:5]:
        if (isinstance(item, dict) and item.get("colId") in SORTABLE
                and item.get("sort") in ("asc", "desc")):
            out.append(cluster_view.Sort(item["colId"], item["sort"] == "desc"))
    return tuple(out)


def filter_model(model) -> tuple:
    """AG Grid's filterModel as cluster_view Filters (an OR of two conditions as a tuple);
    unknown columns, kinds and values are ignored."""
    if not isinstance(model, dict):
        return ()
    out = []
    for column, spec in list(model.items())[:40]:
        if column not in SORTABLE or not isinstance(spec, dict):
            continue
        conditions = spec.get("conditions")
        if isinstance(conditions, list):
            parts = tuple(f for f in (_filter(column, x) for x in conditions[:2]) if f)
            if spec.get("operator") == "OR":
                out.append(parts)
            else:
                out.extend(parts)
        elif (one := _filter(column, spec)) is not None:
            out.append(one)
    return tuple(out)


def _filter(column: str, spec) -> cluster_view.Filter | None:
    if not isinstance(spec, dict) or spec.get("type") not in (*NUMBER_FILTERS, *TEXT_FILTERS):
        return None
    plain = lambda v: v if isinstance(v, (str, int, float)) and not isinstance(v, bool) else None  # noqa: E731
    return cluster_view.Filter(column, spec["type"], plain(spec.get("filter")),
                               plain(spec.get("filterTo")))


def grid_rows(rows: list[dict], lang: str) -> list[dict]:
    """Rows for the grid: numbers to sort on, texts to read (money in euros; a count the
    viewer may not see exactly, None from cluster_view, reads ``< 10``)."""
    hidden = t("common.small_count", lang, threshold=settings.small_count_threshold())
    labels: dict[str, str] = {}
    counts: dict[int, str] = {}  # counts repeat a lot: each is formatted once per answer

    def count(value) -> str:
        if value is None:
            return hidden
        if value not in counts:
            counts[value] = formatting.count(value, lang)
        return counts[value]

    out = []
    for row in rows:
        kind = row["combo_type"]
        if kind not in labels:
            labels[kind] = t(f"combo_type.{kind}", lang)
        item = {"combo_code": row["combo_code"], "name": row["name"], "type_label": labels[kind]}
        if "combos" in row:  # a number of working units, not of people: never suppressed
            item["combos"] = row["combos"]
            item["combos_text"] = count(row["combos"])
        for column in COUNT_COLUMNS:
            value = row[column]
            item[column] = value
            item[f"{column}_text"] = count(value)
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
