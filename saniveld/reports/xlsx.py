"""The quarterly report as an Excel workbook: one plain table per sheet, ready for pivoting.

Each sheet starts with its header row (Dutch, or English with ``content.lang == "en"``) (frozen, with an autofilter) and holds one row per
fact, numbers as numbers with a number format (euros, percentages in points, counts). Counts
hidden for privacy are the text ``< 10`` (or ``x``), never the number. The workbook is
reproducible: its created/modified dates are the report's date and every zip entry carries a
fixed timestamp, so the same closed quarter gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from saniveld import formatting
from saniveld.reports.content import KINDS, PURPOSES, ReportContent, stream_label

EURO = '"€" #,##0.00'
NUMBER = "#,##0.0###"
COUNT = "#,##0"
DATE = "dd-mm-yyyy"
PLACES = Decimal("0.0001")
CENTS = Decimal("0.01")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")

MOVEMENT = {"nl": {"up": "gestegen", "down": "gedaald", "level": "gelijk"},
            "en": {"up": "risen", "down": "fallen", "level": "level"}}
LEVERS = {"nl": {"diagnostic": "ijkpunt", "boundary": "grens"},
          "en": {"diagnostic": "reference point", "boundary": "boundary"}}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
# Sheet names and header rows, per language (Excel sheet names: at most 31 characters).
SHEETS = {
    "nl": {
        "indicators": ("Indicatoren", [
            "Code", "Indicator", "Soort", "Scope", "Eenheid", "Waarde", "Waarde nu (na correcties)",
            "IJkpunt", "IJkpunt afgesproken op", "Afgesproken door", "Verschil t.o.v. ijkpunt",
            "Vorig kwartaal", "Beweging", "Grens", "Grens overschreden"]),
        "series": ("Indicatorreeksen", [
            "Code", "Indicator", "Kwartaal", "Kwartaal (tekst)", "Waarde", "IJkpunt", "Eenheid"]),
        "money": ("Geldstromen", [
            "Kwartaal", "Soort", "Stroom", "Doel", "Van", "Naar", "Detail of opgeteld", "Bedrag"]),
        "combos": ("Combi's per cluster", [
            "Clustercode", "Cluster", "Actieve combi's", "Nieuwe combi's", "Met resourcegroep",
            "Ondersteunde bewoners", "Veerkracht-ervaringen"]),
        "roles": ("Rollen", ["Rol", "Waar", "Nodig", "Gedragen door", "Vacature"]),
        "about": ("Over dit rapport", ["Onderdeel", "Waarde"]),
    },
    "en": {
        "indicators": ("Indicators", [
            "Code", "Indicator", "Kind", "Scope", "Unit", "Value", "Value now (after corrections)",
            "Reference point", "Reference point agreed on", "Agreed by",
            "Difference from reference point", "Previous quarter", "Movement", "Boundary",
            "Boundary crossed"]),
        "series": ("Indicator series", [
            "Code", "Indicator", "Quarter", "Quarter (text)", "Value", "Reference point", "Unit"]),
        "money": ("Money flows", [
            "Quarter", "Kind", "Stream", "Purpose", "From", "To", "Detail or total", "Amount"]),
        "combos": ("Combos per cluster", [
            "Cluster code", "Cluster", "Active combos", "New combos", "With resource group",
            "Residents supported", "Resilience experiences"]),
        "roles": ("Roles", ["Role", "Where", "Required", "Carried by", "Vacancy"]),
        "about": ("About this report", ["Item", "Value"]),
    },
}


def _lang(c: ReportContent) -> str:
    return "en" if c.lang == "en" else "nl"


def _number(value: Decimal | None, places: Decimal = PLACES):
    """A Decimal rounded for the sheet (4 places; money 2); None stays empty."""
    return None if value is None else value.quantize(places)


def _unit(unit: str, lang: str) -> str:
    """The unit's name as a cell: ``per 1000 inwoners``, ``verhouding (0-1)``."""
    return formatting.unit_word(unit, lang, style="cell")


def _format_for(unit: str) -> str:
    return {"eur": EURO, "count": COUNT}.get(unit, NUMBER)


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list], formats: dict[int, str],
           widths: list[int] | None = None):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for column, number_format in formats.items():
        letter = get_column_letter(column + 1)
        for cell in ws[letter][1:]:
            if isinstance(cell.value, (int, float, Decimal, dt.date)):
                cell.number_format = number_format
    for i, name in enumerate(header):
        width = (widths[i] if widths else None) or max(10, min(50, len(name) + 4))
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"
    return ws


def _indicator_rows(c: ReportContent) -> list[list]:
    lang = _lang(c)
    levers, movement = LEVERS[lang], MOVEMENT[lang]
    yes, no = YES_NO[lang]
    network = "network" if lang == "en" else "netwerk"
    rows = []
    for line in [*c.diagnostics, *c.boundaries]:
        fmt_value = "< 10" if line.suppressed else _number(line.value)
        rows.append([
            line.code, line.name, levers[line.lever], line.scope_code or network,
            _unit(line.unit, lang), fmt_value, _number(line.current_value),
            _number(line.reference), line.reference_agreed_on,
            ", ".join(line.reference_parties) or None, _number(line.deviation),
            _number(line.previous), movement.get(line.movement), _number(line.limit),
            None if line.breached is None else (yes if line.breached else no),
        ])
    return rows


def _series_rows(c: ReportContent) -> list[list]:
    lang = _lang(c)
    rows = []
    for line in c.diagnostics:
        for quarter, value in line.series:
            rows.append([line.code, line.name, quarter, formatting.quarter_label(quarter, lang),
                         "< 10" if line.suppressed else _number(value), _number(line.reference),
                         _unit(line.unit, lang)])
    if c.overhead is not None:
        name = ("Share of steering and overhead" if lang == "en"
                else "Aandeel aansturing en overhead")
        for quarter, value in c.overhead_series:
            rows.append(["overhead_share", name, quarter,
                         formatting.quarter_label(quarter, lang), _number(value), None,
                         _unit("percent", lang)])
    return rows


def _money_rows(c: ReportContent) -> list[list]:
    lang = _lang(c)
    kinds, purposes = KINDS[lang], PURPOSES[lang]
    summed = "total" if lang == "en" else "opgeteld"
    return [
        [r.quarter, kinds.get(r.kind, r.kind), stream_label(r.stream, lang),
         purposes.get(r.purpose, r.purpose),
         r.from_name, r.to_name, "detail" if r.in_detail else summed, _number(r.amount, CENTS)]
        for r in c.money_flows.itertuples()
    ]


def _about_rows(c: ReportContent) -> list[list]:
    if _lang(c) == "en":
        return _about_rows_en(c)
    reader = {"funder": f"financier {c.funder_name}", "official": "ambtenaar",
              "coordinator": "coördinator", "network_manager": "netwerkmanager",
              "admin": "beheerder"}.get(c.reader.role, c.reader.role)
    return [
        ["Gemeente", c.municipality],
        ["Kwartaal", formatting.quarter_label(c.quarter)],
        ["Datum", c.report_date],
        ["Status", "review afgesloten (vastgelegde waarden)" if c.closed else "concept (review nog open)"],
        ["Cluster", c.cluster_name or "hele netwerk"],
        ["Opgesteld voor", reader],
        ["Privacy", "aantallen bewoners en ervaringen onder de 10 staan als '< 10'; 'x' is verborgen "
                    "om een klein aantal elders te beschermen"],
        ["IJkpunten", "ijkpunten zijn geen doelen: ze laten zien waar het netwerk staat en hoe het beweegt"],
    ]


def _about_rows_en(c: ReportContent) -> list[list]:
    reader = {"funder": f"funder {c.funder_name}", "official": "official",
              "coordinator": "coordinator", "network_manager": "network manager",
              "admin": "administrator"}.get(c.reader.role, c.reader.role)
    return [
        ["Municipality", c.municipality],
        ["Quarter", formatting.quarter_label(c.quarter, "en")],
        ["Date", c.report_date],
        ["Status", "review closed (recorded values)" if c.closed else "draft (review still open)"],
        ["Cluster", c.cluster_name or "whole network"],
        ["Prepared for", reader],
        ["Privacy", "numbers of residents and experiences below 10 are shown as '< 10'; 'x' is "
                    "hidden to protect a small number elsewhere"],
        ["Reference points", "reference points are not targets: they show where the network "
                             "stands and how it moves"],
    ]


def build_xlsx(c: ReportContent) -> bytes:
    """The report's tables as .xlsx bytes (one sheet per table), in ``c.lang``."""
    lang = _lang(c)
    sheets = SHEETS[lang]
    yes, no = YES_NO[lang]
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, *sheets["indicators"],
           _indicator_rows(c),
           {5: NUMBER, 6: NUMBER, 7: NUMBER, 8: DATE, 10: NUMBER, 11: NUMBER, 13: NUMBER},
           [30, 45, 10, 10, 18, 14, 14, 12, 14, 40, 14, 14, 12, 12, 12])
    _sheet(wb, *sheets["series"],
           _series_rows(c), {4: NUMBER, 5: NUMBER}, [30, 45, 10, 18, 14, 12, 18])
    _sheet(wb, *sheets["money"],
           _money_rows(c), {7: EURO}, [10, 12, 10, 22, 34, 34, 16, 16])
    combos = c.combos
    _sheet(wb, *sheets["combos"],
           [[r.cluster_code or None, r.cluster, r.combos_active, r.new_combos, r.with_resource_group,
             r.residents, r.experiences] for r in combos.itertuples() if r.cluster_code],
           {2: COUNT, 3: COUNT, 4: COUNT, 5: COUNT, 6: COUNT}, [12, 30, 14, 14, 16, 18, 18])
    _sheet(wb, *sheets["roles"],
           [[r.role, r.scope, yes if r.required else no, r.carriers or None,
             yes if r.vacant else no] for r in c.roles.itertuples()],
           {}, [32, 24, 8, 50, 10])
    _sheet(wb, *sheets["about"], _about_rows(c), {1: DATE}, [18, 90])

    stamp = dt.datetime.combine(c.report_date, dt.time())
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "Saniveld stuurdashboard"
    wb.properties.title = (f"Quarterly report {formatting.quarter_label(c.quarter, lang)}"
                           if lang == "en" else
                           f"Kwartaalrapportage {formatting.quarter_label(c.quarter)}")
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # openpyxl's save_workbook would stamp "now"
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (zip entries otherwise carry the time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
