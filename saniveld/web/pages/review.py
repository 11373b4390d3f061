"""Kwartaalreview (`/`): beliefs, the flywheel, boundaries, indicators and the review.

Reads: the indicators of the chosen quarter and scope (network or one cluster) and their series
over every quarter, from saniveld.cache (keyed on the database version, the rendered parts and
the frozen values on the review version too; warmed at server start and after an import): :func:`saniveld.cache.cached_reviewed_indicators` lays a closed review's
frozen values over the cached results (:func:`saniveld.levers.review.reviewed_indicators`). Writes (notes, decisions,
initiatives, follow-ups, closing) are checked on the server by their action (EDIT_REVIEW,
EDIT_INITIATIVES), run in one transaction with their audit entry, and bump the review version
(not the data version: the indicator cache stays).
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from saniveld import access, audit, cache, cluster_view, reports
from saniveld.db.schema import INITIATIVE_STATUSES, LEVERS, NOTE_KINDS
from saniveld.levers import beliefs, indicator_definitions
from saniveld.levers import review as rv
from saniveld.levers.indicators import UnknownCluster
from saniveld.quarters import Quarter
from saniveld.web import auth, context, formatting, responses
from saniveld.web import components as c
from saniveld.web import review_view as view
from saniveld.web.i18n import current_language, t
from saniveld.web.layout import QUARTER_PICKER
from saniveld.web.visibility import choice_input, code_input, quarter_input

dash.register_page(__name__, path="/", title=c.page_title("review.title"), order=0)

SAVED_STORES = ("review-note-saved", "review-initiative-saved", "review-followup-saved",
                "review-close-saved")


# ---------------------------------------------------------------------------------------------
# Layout


def _filters(lang: str) -> html.Div:
    return html.Div(
        [
            c.labelled_dropdown("review-compare", t("review.compare_with", lang), clearable=True,
                                placeholder=t("review.compare_previous", lang), lang=lang),
            c.labelled_dropdown("review-cluster", t("common.cluster", lang), clearable=True,
                                placeholder=t("common.all_clusters", lang), lang=lang),
            html.Div(
                [
                    html.Span(t("review.report.download", lang), className="field-label"),
                    html.Div([
                        html.Button(t("review.report.pdf", lang), id="review-report-pdf",
                                    n_clicks=0, className="button-link", type="button",
                                    title=t("review.report.what", lang)),
                        html.Button(t("review.report.xlsx", lang), id="review-report-xlsx",
                                    n_clicks=0, className="button-link", type="button",
                                    title=t("review.report.what", lang)),
                    ], className="button-row"),
                    html.Span(t("review.report.busy", lang), id="review-report-busy",
                              className="muted small-print", style={"display": "none"}),
                    html.Span(id="review-report-status", className="muted small-print",
                              role="status"),
                    dcc.Download(id="review-report-file"),
                ],
                id="review-report-slot", className="field field-action",
            ),
        ],
        className="filters",
    )


def _part(section_id: str, title_key: str, what_key: str, lang: str, *, wide=False, body=None):
    return c.section(
        section_id,
        t(title_key, lang),
        c.loading(f"{section_id}-body",
                  body if body is not None else c.no_quarter_data(t(what_key, lang), lang)),
        wide=wide,
    )


def _textarea(component_id: str, rows: int = 3):
    return dcc.Textarea(id=component_id, className="text-input", rows=rows, maxLength=rv.MAX_TEXT)


def _text_input(component_id: str):
    return dcc.Input(id=component_id, type="text", className="text-input", maxLength=rv.MAX_NAME,
                     debounce=False)


def _note_form(lang: str, allowed: bool) -> html.Div:
    levers = [{"label": t(f"lever.{lever}", lang), "value": lever} for lever in LEVERS]
    kinds = [{"label": t(f"note.kind.{kind}", lang), "value": kind} for kind in NOTE_KINDS]
    return html.Div(
        [
            html.H3(t("review.note.form", lang)),
            html.Div([
                c.labelled_dropdown("review-note-lever", t("review.note.lever", lang),
                                    options=levers, value="diagnostic", lang=lang),
                html.Div([html.Span(t("review.note.kind", lang), className="field-label",
                                    id="review-note-kind-label"),
                          html.Div(dcc.RadioItems(id="review-note-kind", options=kinds,
                                                  value="note", inline=True, className="radio-row"),
                                   role="radiogroup",
                                   **{"aria-labelledby": "review-note-kind-label"})],
                         className="field"),
            ], className="form-row"),
            view.field("review-note-text", t("review.note.text", lang), _textarea("review-note-text")),
            html.Div([
                html.Button(t("review.note.save", lang), id="review-note-save",
                            className="button-primary", n_clicks=0),
                dcc.ConfirmDialogProvider(
                    html.Button(t("review.close", lang), id="review-close-button",
                                className="button-link"),
                    id="review-close", message=t("review.close.confirm", lang, quarter="…"),
                ),
            ], className="form-actions"),
            html.Div(id="review-note-message", **{"aria-live": "polite"}),
            html.Div(id="review-close-message", **{"aria-live": "polite"}),
        ],
        id="review-note-form", className="review-form",
        style=None if allowed else {"display": "none"},
    )


def _initiative_forms(lang: str, allowed: bool) -> html.Div:
    codes = [{"label": d.name(lang), "value": d.code} for d in indicator_definitions()]
    statuses = [{"label": t(f"initiative.status.{s}", lang), "value": s}
                for s in INITIATIVE_STATUSES]
    return html.Div(
        [
            html.Div([
                html.H3(t("initiative.form", lang)),
                view.field("review-initiative-title", t("initiative.title", lang),
                           _text_input("review-initiative-title")),
                view.field("review-initiative-owner", t("initiative.owner", lang),
                           _text_input("review-initiative-owner")),
                c.labelled_dropdown("review-initiative-responds", t("initiative.responds", lang),
                                    options=codes, clearable=True, lang=lang),
                view.field("review-initiative-description", t("initiative.description", lang),
                           _textarea("review-initiative-description", rows=2)),
                html.Button(t("initiative.save", lang), id="review-initiative-save",
                            className="button-primary", n_clicks=0),
                html.Div(id="review-initiative-message", **{"aria-live": "polite"}),
            ], className="review-form"),
            html.Div([
                html.H3(t("followup.form", lang)),
                c.labelled_dropdown("review-followup-initiative", t("followup.initiative", lang),
                                    clearable=True, lang=lang),
                c.labelled_dropdown("review-followup-status", t("followup.status", lang),
                                    options=statuses, value="in_progress", lang=lang),
                view.field("review-followup-note", t("followup.note", lang),
                           _textarea("review-followup-note", rows=2)),
                html.Button(t("followup.save", lang), id="review-followup-save",
                            className="button-primary", n_clicks=0),
                html.Div(id="review-followup-message", **{"aria-live": "polite"}),
            ], className="review-form"),
        ],
        id="review-initiative-forms", className="grid-2 review-forms",
        style=None if allowed else {"display": "none"},
    )


def layout(**_query):
    lang = current_language()
    principal = auth.current_principal()
    edits_review = auth.is_allowed(principal, auth.EDIT_REVIEW)
    edits_initiatives = auth.is_allowed(principal, auth.EDIT_INITIATIVES)
    readonly = [] if edits_review or edits_initiatives else [
        html.P(t("review.readonly", lang), className="notice")]
    dialogue = [
        html.Div(id="review-dialogue-status", **{"aria-live": "polite"}),
        html.Div(
            [
                html.Div([html.H3(t("review.notes", lang)),
                          c.loading("review-notes-body",
                                    c.no_quarter_data(t("review.dialogue.what", lang), lang))],
                         className="review-column"),
                html.Div([html.H3(t("review.initiatives", lang)),
                          c.loading("review-initiatives-body")], className="review-column"),
            ],
            className="grid-2 review-dialogue-grid",
        ),
        *readonly,
        _note_form(lang, edits_review),
        _initiative_forms(lang, edits_initiatives),
        *(dcc.Store(id=store, data=0) for store in SAVED_STORES),
    ]
    return html.Div(
        [
            c.page_header(t("review.title", lang), t("review.intro", lang), extra=_filters(lang)),
            html.P(id="review-status", className="review-status", **{"aria-live": "polite"}),
            c.section("review-beliefs", t("review.beliefs", lang),
                      view.beliefs_part(beliefs(), lang), wide=True),
            _part("review-flywheel", "review.flywheel", "review.flywheel.what", lang, wide=True),
            _part("review-boundaries", "review.boundaries", "review.boundaries.what", lang,
                  wide=True),
            _part("review-diagnostics", "review.diagnostics", "review.diagnostics.what", lang,
                  wide=True),
            c.section("review-dialogue", t("review.dialogue", lang), dialogue, wide=True),
        ],
        className="page page-review",
    )


# ---------------------------------------------------------------------------------------------
# Reading


@auth.data_callback(
    Output("review-cluster", "options"),
    Output("review-compare", "options"),
    Input(QUARTER_PICKER, "value"),
    action=auth.VIEW_REVIEW,
)
def list_choices(principal, quarter):
    """The clusters to filter on, and the earlier quarters to compare with (newest first)."""
    lang = current_language()
    quarter = quarter_input(quarter)

    def compute(conn):
        earlier = [q for q in context.quarters()
                   if quarter and Quarter.parse(q) < Quarter.parse(quarter)]
        clusters = [{"label": name, "value": code} for code, name in cluster_view.clusters(conn)]
        return clusters, [{"label": formatting.quarter_label(q, lang), "value": q}
                          for q in reversed(earlier)]

    # the same for every viewer: cached per database version (a hit opens no connection)
    return cache.cached(context.engine(), ("review-choices", quarter, lang), compute)


def _empty_outputs(lang: str):
    return ("",
            c.no_quarter_data(t("review.flywheel.what", lang), lang),
            c.no_quarter_data(t("review.boundaries.what", lang), lang),
            c.no_quarter_data(t("review.diagnostics.what", lang), lang))


@auth.data_callback(
    Output("review-status", "children"),
    Output("review-flywheel-body", "children"),
    Output("review-boundaries-body", "children"),
    Output("review-diagnostics-body", "children"),
    Input(QUARTER_PICKER, "value"),
    Input("review-cluster", "value"),
    Input("review-compare", "value"),
    Input("review-close-saved", "data"),
    action=auth.VIEW_REVIEW,
)
def show_quarter_indicators(principal, quarter, cluster, compare, _closed):
    """The flywheel, boundaries and indicator cards of a quarter, for the network or a cluster."""
    lang = current_language()
    quarter, cluster, compare = quarter_input(quarter), code_input(cluster), quarter_input(compare)
    if not quarter:
        return _empty_outputs(lang)
    if compare and Quarter.parse(compare) >= Quarter.parse(quarter):
        compare = None
    if cluster:
        auth.require(principal, auth.VIEW_CLUSTER, cluster)
    # what the viewer may see of small counts, for the scope asked and (an unknown cluster) the
    # network: the rendered parts are the same for every viewer with the same answers
    hide = (view.hides_small(principal, cluster or None), view.hides_small(principal, None))
    engine = context.engine()
    key = ("review-page", quarter, cluster or None, compare, lang, hide)
    return cache.cached(engine, key, lambda c: _as_sent(_quarter_outputs(
        engine, c, quarter, cluster, compare, hide, lang)), review=True)


def _as_sent(outputs: tuple) -> tuple:
    """The outputs as the JSON Dash sends (plain lists and dicts): kept in the cache, they are
    sent again without walking thousands of components, and never changed by a later caller."""
    return tuple(responses.plain(list(outputs)))


def _quarter_outputs(engine, conn, quarter, cluster, compare, hide, lang):
    """The status line, flywheel, boundaries and indicator cards (cached per database and review
    version, quarter, scope, comparison, language and what the viewer may see)."""
    if quarter not in context.quarters():
        return _empty_outputs(lang)
    definitions = {d.code: d for d in indicator_definitions()}
    hide_small = hide[0]
    # the series first: they load every quarter's aggregates of the scope (cache.facts when
    # warmed, else cache.scope_facts), from which the quarter's indicators are then arithmetic
    try:
        series = cache.cached_series_all(engine, cluster or None, conn=conn)
        scoped = cache.cached_reviewed_indicators(engine, quarter, cluster or None, conn=conn)
    except UnknownCluster:
        cluster, hide_small = None, hide[1]
        series = cache.cached_series_all(engine, conn=conn)
        scoped = cache.cached_reviewed_indicators(engine, quarter, conn=conn)
    network = (scoped if not cluster
               else cache.cached_reviewed_indicators(engine, quarter, conn=conn))
    cluster_name = cluster_view.cluster_name(conn, cluster) if cluster else None
    review = rv.get_review(conn, quarter)
    return (
        _status_line(review, quarter, cluster_name, lang),
        *_indicator_parts(hide_small, quarter, cluster, cluster_name, compare, scoped, network,
                          series, definitions, lang),
    )


def _status_line(review, quarter, cluster_name, lang):
    scope = (t("review.scope.cluster", lang, name=cluster_name) if cluster_name
             else t("review.scope.network", lang))
    return [html.Strong(scope + ". "), view.status_text(review, quarter, lang)]


def _indicator_parts(hide, quarter, cluster, cluster_name, compare, scoped, network, series,
                     definitions, lang):
    diagnostic = [ri for ri in scoped if ri.current.lever == "diagnostic"]
    shown = []
    for ri in diagnostic:
        values = dict(series.get(ri.current.code, []))
        compared = values.get(compare) if compare else ri.current.previous
        shown.append(view.shown_indicator(ri, compared, hide_small=hide, lang=lang))
    flywheel = view.flywheel_part(shown, quarter, lang)
    boundaries = view.boundaries_part(
        [ri for ri in network if ri.current.lever == "boundary"],
        [ri for ri in scoped if ri.current.lever == "boundary"] if cluster else [],
        cluster_name, definitions, lang)
    cards = []
    for ri, s in zip(diagnostic, shown):
        points, texts = view.suppressed_series(s.code, series.get(s.code, []), s.unit, hide, lang)
        cards.append(view.indicator_card(ri, s, definitions[s.code], points, texts, quarter,
                                         compare, lang))
    return flywheel, boundaries, html.Div(cards, className="indicator-grid")


@auth.data_callback(
    Output("review-notes-body", "children"),
    Output("review-initiatives-body", "children"),
    Output("review-followup-initiative", "options"),
    Output("review-dialogue-status", "children"),
    Output("review-note-save", "disabled"),
    Output("review-close-button", "disabled"),
    Output("review-close", "message"),
    Input(QUARTER_PICKER, "value"),
    *(Input(store, "data") for store in SAVED_STORES),
    action=auth.VIEW_REVIEW,
)
def show_dialogue(principal, quarter, *_saved):
    """The quarter's notes and decisions per lever, and the initiatives with their follow-up."""
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter:
        empty = c.no_quarter_data(t("review.dialogue.what", lang), lang)
        return empty, "", [], "", True, True, ""

    def compute(conn):
        definitions = {d.code: d for d in indicator_definitions()}
        review = rv.get_review(conn, quarter)
        notes = rv.list_notes(conn, quarter)
        initiatives = rv.list_initiatives(conn, quarter)
        closed = review is not None and review.status == "closed"
        status = html.P(t("review.closed.note", lang), className="notice") if closed else ""
        options = [{"label": i.title, "value": i.initiative_id} for i in initiatives]
        confirm = t("review.close.confirm", lang, quarter=formatting.quarter_label(quarter, lang))
        return _as_sent((view.notes_part(notes, lang), view.initiatives_part(initiatives, definitions, lang),
                         options, status, closed, closed, confirm))

    # the same for every viewer: kept per quarter and language until the next review write
    # (review=True: keyed on the review version, which every note, initiative, follow-up and
    # closing moves)
    return cache.cached(context.engine(), ("review-dialogue", quarter, lang), compute, review=True)


# ---------------------------------------------------------------------------------------------
# Writing: each checked by its action (data_callback), audited in the same transaction


def _clicked(n_clicks) -> None:
    """Only a real click (a positive whole number) writes anything."""
    if isinstance(n_clicks, bool) or not isinstance(n_clicks, int) or n_clicks < 1:
        raise PreventUpdate


def _write(principal, action, what: str, change):
    """Run `change(conn)` and its audit entry in one transaction; (ok, result or reason)."""
    try:
        with audit.chain_lock, context.writing() as conn:
            result = change(conn)
            audit.record_for(conn, principal, str(action), f"{what}:{result}", "ok")
        return True, result
    except rv.ReviewError as exc:
        auth.audit(principal, action, what, "failed", str(exc))
        return False, str(exc)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@auth.data_callback(
    Output("review-note-message", "children"),
    Output("review-note-saved", "data"),
    Output("review-note-text", "value"),
    Input("review-note-save", "n_clicks"),
    State(QUARTER_PICKER, "value"),
    State("review-note-lever", "value"),
    State("review-note-kind", "value"),
    State("review-note-text", "value"),
    action=auth.EDIT_REVIEW,
    prevent_initial_call=True,
)
def save_note(principal, n_clicks, quarter, lever, kind, text):
    """Add a note or decision on one lever to the quarter's review (officials only)."""
    _clicked(n_clicks)
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter:
        return view.message(t("review.choose_quarter", lang), ok=False), dash.no_update, dash.no_update
    lever = choice_input(lever, LEVERS) or str(lever)
    kind = choice_input(kind, NOTE_KINDS) or str(kind)
    ok, result = _write(principal, auth.EDIT_REVIEW, f"review:{quarter}:note",
                        lambda conn: rv.add_note(conn, quarter, lever, _text(text),
                                                 principal.username, kind))
    if not ok:
        return (view.message(t("review.refused", lang, reason=result), ok=False),
                dash.no_update, dash.no_update)
    saved = t("review.note.saved", lang, quarter=formatting.quarter_label(quarter, lang))
    return view.message(saved, ok=True), result, ""


@auth.data_callback(
    Output("review-close-message", "children"),
    Output("review-close-saved", "data"),
    Input("review-close", "submit_n_clicks"),
    State(QUARTER_PICKER, "value"),
    action=auth.EDIT_REVIEW,
    prevent_initial_call=True,
)
def close_quarter_review(principal, n_clicks, quarter):
    """Close the quarter's review: its indicator values are frozen (officials only)."""
    _clicked(n_clicks)
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter:
        return view.message(t("review.choose_quarter", lang), ok=False), dash.no_update
    ok, result = _write(principal, auth.EDIT_REVIEW, f"review:{quarter}:close",
                        lambda conn: rv.close_review(conn, quarter, principal.username).quarter)
    if not ok:
        return view.message(t("review.refused", lang, reason=result), ok=False), dash.no_update
    return (view.message(t("review.closed.done", lang,
                           quarter=formatting.quarter_label(quarter, lang)), ok=True),
            n_clicks)


@auth.data_callback(
    Output("review-initiative-message", "children"),
    Output("review-initiative-saved", "data"),
    Output("review-initiative-title", "value"),
    Output("review-initiative-description", "value"),
    Input("review-initiative-save", "n_clicks"),
    State(QUARTER_PICKER, "value"),
    State("review-initiative-title", "value"),
    State("review-initiative-owner", "value"),
    State("review-initiative-responds", "value"),
    State("review-initiative-description", "value"),
    action=auth.EDIT_INITIATIVES,
    prevent_initial_call=True,
)
def save_initiative(principal, n_clicks, quarter, title, owner, responds_to, description):
    """A new initiative, opened in the chosen quarter (officials and the network manager)."""
    _clicked(n_clicks)
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter:
        return (view.message(t("review.choose_quarter", lang), ok=False), dash.no_update,
                dash.no_update, dash.no_update)
    codes = [d.code for d in indicator_definitions()]
    responds = choice_input(responds_to, codes)
    ok, result = _write(principal, auth.EDIT_INITIATIVES, f"initiative:{quarter}",
                        lambda conn: rv.add_initiative(conn, _text(title), _text(owner), quarter,
                                                       principal.username, responds,
                                                       _text(description) or None))
    if not ok:
        return (view.message(t("review.refused", lang, reason=result), ok=False), dash.no_update,
                dash.no_update, dash.no_update)
    return view.message(t("initiative.saved", lang), ok=True), result, "", ""


@auth.data_callback(
    Output("review-followup-message", "children"),
    Output("review-followup-saved", "data"),
    Output("review-followup-note", "value"),
    Input("review-followup-save", "n_clicks"),
    State(QUARTER_PICKER, "value"),
    State("review-followup-initiative", "value"),
    State("review-followup-status", "value"),
    State("review-followup-note", "value"),
    action=auth.EDIT_INITIATIVES,
    prevent_initial_call=True,
)
def save_followup(principal, n_clicks, quarter, initiative_id, status, note):
    """Follow an initiative up in the chosen quarter (officials and the network manager)."""
    _clicked(n_clicks)
    lang = current_language()
    quarter = quarter_input(quarter)
    if not quarter or isinstance(initiative_id, bool) or not isinstance(initiative_id, int):
        return (view.message(t("review.choose_quarter", lang) if not quarter
                             else t("review.refused", lang, reason=t("followup.initiative", lang)),
                             ok=False), dash.no_update, dash.no_update)
    status = choice_input(status, INITIATIVE_STATUSES) or str(status)
    ok, result = _write(principal, auth.EDIT_INITIATIVES, f"initiative:{initiative_id}:followup",
                        lambda conn: rv.add_followup(conn, initiative_id, quarter, status,
                                                     _text(note), principal.username))
    if not ok:
        return (view.message(t("review.refused", lang, reason=result), ok=False), dash.no_update,
                dash.no_update)
    return view.message(t("followup.saved", lang), ok=True), result, ""


# ---------------------------------------------------------------------------------------------
# The quarterly report: the same content as saniveld report, for this user


@auth.data_callback(
    Output("review-report-file", "data"),
    Output("review-report-status", "children"),
    Input("review-report-pdf", "n_clicks"),
    Input("review-report-xlsx", "n_clicks"),
    State(QUARTER_PICKER, "value"),
    State("review-cluster", "value"),
    action=auth.EXPORT_REPORT,
    prevent_initial_call=True,
    running=[
        (Output("review-report-pdf", "disabled"), True, False),
        (Output("review-report-xlsx", "disabled"), True, False),
        (Output("review-report-busy", "style"), {"display": "block"}, {"display": "none"}),
    ],
)
def download_report(principal, pdf_clicks, xlsx_clicks, quarter, cluster):
    """The report of the chosen quarter (and cluster) as this principal may see it: a funder
    gets its own funder report; suppression and detail follow access.py, as on the page."""
    lang = current_language()
    fmt = {"review-report-pdf": "pdf", "review-report-xlsx": "xlsx"}.get(dash.ctx.triggered_id)
    clicks = pdf_clicks if fmt == "pdf" else xlsx_clicks
    if fmt is None or not isinstance(clicks, int) or clicks < 1:
        raise PreventUpdate
    quarter, cluster = quarter_input(quarter), code_input(cluster)
    if not quarter:
        return dash.no_update, t("review.report.no_quarter", lang)
    funder = principal.funder_code if principal.role == "funder" else None
    try:
        with audit.chain_lock, context.writing() as conn:  # the export's audit row commits here
            data = reports.build_report(conn, principal, quarter, fmt, cluster=cluster,
                                        funder=funder, lang=lang)
    except access.Forbidden:
        auth.audit(principal, auth.EXPORT_REPORT, reports.filename(quarter, fmt, cluster, funder),
                   "refused")
        raise auth.CallbackRefused() from None
    except reports.ReportError as exc:
        return dash.no_update, t("review.report.error", lang, reason=str(exc))
    name = reports.filename(quarter, fmt, cluster, funder, lang)
    return dcc.send_bytes(data, name), t("review.report.ready", lang, name=name)
