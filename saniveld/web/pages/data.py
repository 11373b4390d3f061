"""Data (`/data`): import a data package with its validation report; export the data."""

from __future__ import annotations

import base64
import binascii

import dash
from dash import Input, Output, State, dcc, html

from saniveld import cache, uploads
from saniveld.db.engine import DatabaseBusy
from saniveld.web import auth, context
from saniveld.web import components as c
from saniveld.web.i18n import current_language, t

dash.register_page(__name__, path="/data", title=c.page_title("data.title"), order=5)


def _import_part(lang: str, allowed: bool):
    """The upload box; hidden (but present, so its callback is valid) when it cannot be used."""
    notice = None
    if not allowed:
        notice = c.empty_state(t("data.not_allowed", lang))
    elif not uploads.importer_available():
        notice = c.empty_state(t("data.not_available", lang))
    return [
        notice,
        html.Div(
            [
                dcc.Upload(
                    id="data-upload",
                    children=html.Div(t("data.upload", lang)),
                    accept=".zip,.xlsx",
                    multiple=False,
                    disabled=notice is not None,
                    className="upload-box",
                ),
                html.P(t("data.import.help", lang), className="muted"),
            ],
            style={"display": "none"} if notice is not None else None,
        ),
    ]


def _export_part(lang: str, allowed: bool):
    notice = None if allowed else c.empty_state(t("data.not_allowed", lang))
    return [
        notice,
        html.Div(
            [
                html.Button(t("data.export.button", lang), id="data-export-button", type="button",
                            className="button-primary", disabled=not allowed),
                html.P(id="data-export-status", className="muted", **{"aria-live": "polite"}),
                dcc.Download(id="data-download"),
            ],
            style={"display": "none"} if notice is not None else None,
        ),
    ]


def layout(**_query):
    lang = current_language()
    principal = auth.current_principal()
    may_import = auth.is_allowed(principal, auth.IMPORT_PACKAGE)
    may_export = auth.is_allowed(principal, auth.EXPORT_PACKAGE)
    return html.Div(
        [
            c.page_header(t("data.title", lang), t("data.intro", lang)),
            html.Div(
                [
                    c.section("data-import", t("data.import", lang),
                              html.Div(_import_part(lang, may_import), id="data-import-body")),
                    c.section("data-export", t("data.export", lang),
                              html.Div(_export_part(lang, may_export), id="data-export-body")),
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


@auth.data_callback(
    Output("data-report-body", "children"),
    Input("data-upload", "contents"),
    State("data-upload", "filename"),
    action=auth.IMPORT_PACKAGE,
    prevent_initial_call=True,
)
def import_uploaded_package(principal, contents, filename):
    """Import the uploaded package (all or nothing) and show the report."""
    lang = current_language()
    if not contents or not isinstance(contents, str):
        return c.empty_state(t("data.report.body", lang))
    filename = filename if isinstance(filename, str) else ""
    try:
        content = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, ValueError, binascii.Error):
        return report_refused("data.bad_zip", lang)
    try:
        outcome = uploads.import_upload(context.engine(), filename or "", content,
                                        posted_by=principal.username, lang=lang)
    except uploads.UploadRefused as exc:
        return report_refused(exc.key, lang)
    except uploads.NotAvailable:
        return c.empty_state(t("data.not_available", lang))
    except DatabaseBusy as exc:
        auth.audit(principal, auth.IMPORT_PACKAGE, filename, "failed", str(exc))
        return report_errors(filename, [str(exc)], lang)
    if outcome.ok:
        cache.warm_in_background(context.engine())  # the review page's figures, in the background
    auth.audit(principal, auth.IMPORT_PACKAGE, filename, "ok" if outcome.ok else "failed",
               None if outcome.ok else f"{len(outcome.errors)} errors")
    if outcome.ok:
        return report_ok(filename, outcome.summary, lang)
    return report_errors(filename, outcome.errors, lang)


def report_ok(filename: str, summary: str, lang: str) -> html.Div:
    parts = [html.P(t("data.imported", lang, name=filename), className="notice", role="status")]
    if summary:
        parts.append(html.Pre(summary, className="import-summary"))
    return html.Div(parts)


def report_errors(filename: str, errors: list[str], lang: str) -> html.Div:
    """Every error, one line each (``file:line: column: message``)."""
    return html.Div(
        [
            html.Div(html.P(t("data.failed", lang, name=filename, count=len(errors)),
                            className="form-error-title"), className="form-error", role="alert"),
            html.Ol([html.Li(e) for e in errors], className="report-list"),
        ]
    )


def report_refused(key: str, lang: str) -> html.Div:
    return html.Div(html.P(t(key, lang), className="form-error-title"), className="form-error",
                    role="alert")


@auth.data_callback(
    Output("data-download", "data"),
    Output("data-export-status", "children"),
    Input("data-export-button", "n_clicks"),
    action=auth.EXPORT_PACKAGE,
    prevent_initial_call=True,
)
def export_data(principal, n_clicks):
    """The whole database as a zipped data package."""
    lang = current_language()
    if not n_clicks:
        raise dash.exceptions.PreventUpdate
    try:
        content = uploads.export_zip(context.engine())
    except uploads.NotAvailable:
        return None, t("data.export.not_available", lang)
    auth.audit(principal, auth.EXPORT_PACKAGE, None, "ok")
    return dcc.send_bytes(content, "saniveld-gegevenspakket.zip"), t("data.export.ready", lang)
