"""Quarterly reports for the council and the funders: PDF and Excel.

:func:`build_report` is what the CLI (`saniveld report`) and the review page's download button
call. It decides what the reader sees (access rules, funder detail, small-count suppression:
:mod:`saniveld.reports.content`), lays it out (:mod:`~saniveld.reports.pdf`,
:mod:`~saniveld.reports.xlsx`) and writes one audit row for the export.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from saniveld import access, audit
from saniveld.reports.content import LANGUAGES, ReportContent, ReportError, gather

FORMATS = ("pdf", "xlsx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AUDIT_ACTION = "export_report"


def filename(quarter: str, fmt: str, cluster: str | None = None, funder: str | None = None,
             lang: str = "nl") -> str:
    """A download name: ``kwartaalrapportage-2025-Q2[-cluster-NOORD|-FND-X][-en].pdf``
    (the English report has the suffix ``-en``)."""
    parts = ["kwartaalrapportage", quarter]
    if cluster:
        parts.append(f"cluster-{cluster}")
    if funder:
        parts.append(funder)
    if lang == "en":
        parts.append("en")
    return "-".join(parts) + f".{fmt}"


def render(content: ReportContent, fmt: str, *, charts: bool = True,
           conn: sa.Connection | None = None) -> bytes:
    """Lay the gathered content out as `fmt` (pdf or xlsx).

    With `conn`, a closed quarter's chart images are the ones kept in the database (drawn and
    kept the first time), so that its report is the same file every time."""
    if fmt == "pdf":
        from saniveld.reports.pdf import build_pdf

        draw = None
        if conn is not None and content.closed:
            from functools import partial

            from saniveld.reports.images import render_kept

            draw = partial(render_kept, conn)
        return build_pdf(content, charts=charts, draw=draw)
    if fmt == "xlsx":
        from saniveld.reports.xlsx import build_xlsx

        return build_xlsx(content)
    raise ReportError(f"Onbekend formaat '{fmt}'; kies pdf of xlsx / unknown format")


def build_report(conn: sa.Connection, principal: access.Principal, quarter: str, fmt: str,
                 cluster: str | None = None, funder: str | None = None, *,
                 lang: str = "nl", today: dt.date | None = None, charts: bool = True) -> bytes:
    """The report of `quarter` for `principal` as PDF or XLSX bytes in `lang` (nl or en), and
    an audit row.

    Raises :class:`saniveld.access.Forbidden` (the caller records the refusal in a transaction
    of its own) or :class:`ReportError` (unknown quarter, cluster, funder or format). The
    audit row is appended on `conn` at the end: commit it (the web holds
    :data:`saniveld.audit.chain_lock` around that transaction).
    """
    if fmt not in FORMATS:
        raise ReportError(f"Onbekend formaat '{fmt}'; kies pdf of xlsx / unknown format")
    content = gather(conn, principal, quarter, cluster=cluster, funder=funder, lang=lang,
                     today=today)
    data = render(content, fmt, charts=charts, conn=conn)
    detail = (f"format={fmt}; lang={lang}; cluster={cluster or '-'}; "
              f"funder={content.funder or '-'}; bytes={len(data)}")
    audit.record_for(conn, principal, AUDIT_ACTION,
                     filename(content.quarter, fmt, cluster, funder, lang), "ok", detail)
    return data


__all__ = ["build_report", "filename", "render", "ReportError", "FORMATS", "LANGUAGES",
           "MEDIA_TYPES"]
