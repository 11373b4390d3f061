"""The quarterly report as PDF (A4, Dutch or English): reportlab, with the figures of :mod:`saniveld.figures`.

Every page carries the municipality's name, the quarter and the report's date at the top and
"pagina X van Y" ("page X of Y") at the bottom; every text follows ``content.lang``. The document is reproducible: reportlab's invariant mode fixes
the creation date and document id, and the date shown is the day the review was closed (see
:mod:`saniveld.reports.content`), so the same closed quarter gives the same bytes.

Language is neutral about reference points: a diagnostic value is *above*, *below* or *at* its
reference point (ijkpunt) — never "failed"; only boundaries say whether they were crossed.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from saniveld import figures, formatting
from saniveld.reports.content import ReportContent, stream_label

PAGE_W, PAGE_H = A4
MARGIN = 2 * cm
FRAME_W = PAGE_W - 2 * MARGIN
PRIMARY = colors.HexColor(figures.PRIMARY)
GREY = colors.HexColor(figures.GREY)
LIGHT = colors.HexColor("#eef2f6")

LEVER_NAMES = {
    "nl": {"beliefs": "Overtuigingen", "boundaries": "Grenzen", "diagnostic": "Diagnostiek",
           "interactive": "Interactieve sturing"},
    "en": {"beliefs": "Beliefs", "boundaries": "Boundaries", "diagnostic": "Diagnostics",
           "interactive": "Interactive control"},
}
# The words of an indicator's facts line in the PDF.
FACT_WORDS = {
    "nl": {"value": "Waarde", "later": "bij de review; met latere gegevens nu", "reference": "IJkpunt",
           "agreed_on": "afgesproken op", "by": "door", "no_reference": "geen ijkpunt afgesproken",
           "movement": "Beweging"},
    "en": {"value": "Value", "later": "at the review; with later data now", "reference": "Reference point",
           "agreed_on": "agreed on", "by": "by", "no_reference": "no reference point agreed",
           "movement": "Movement"},
}
MOVEMENT = {"nl": {"up": "gestegen", "down": "gedaald", "level": "gelijk gebleven"},
            "en": {"up": "risen", "down": "fallen", "level": "unchanged"}}
STATUS = {"nl": {"open": "open", "in_progress": "loopt", "done": "afgerond", "stopped": "gestopt"},
          "en": {"open": "open", "in_progress": "in progress", "done": "done", "stopped": "stopped"}}
COMPARISON = {"nl": {"lt": "lager dan", "le": "hoogstens", "eq": "gelijk aan"},
              "en": {"lt": "below", "le": "at most", "eq": "equal to"}}
# The PDF's sentences that take values: one template per language, {names} filled in.
TEXTS = {
    "nl": {
        "title": "Kwartaalrapportage {quarter}",
        "network": "Veerkrachtig netwerk van zorg en welzijn, gemeente {municipality}",
        "municipality": "Gemeente {municipality}",
        "footer": "Kwartaalrapportage veerkrachtig netwerk, {quarter}",
        "adopted": "Vastgesteld {day}",
        "draft": "Concept, {day}",
        "closed_status": "De review van dit kwartaal is afgesloten op {day}. "
                         "De cijfers zijn de vastgelegde waarden van die review.",
        "draft_status": "Concept: de review van dit kwartaal is nog niet afgesloten. Cijfers per "
                        "{day}; ze kunnen nog veranderen.",
        "reference_points": "Indicatoren zijn ijkpunten, geen doelen: het rapport laat zien waar "
                            "het netwerk staat ten opzichte van het afgesproken ijkpunt en hoe het "
                            "beweegt. Alleen bij de grenzen staat of ze zijn overschreden.",
        "funder_detail": "Geldstromen van {funder} staan in detail in dit rapport; de overige "
                         "geldstromen alleen opgeteld.",
        "privacy": "Aantallen bewoners en ervaringen onder de 10 staan als '< 10' (privacy).",
        "above": "{change} (boven het ijkpunt)",
        "below": "{change} (onder het ijkpunt)",
        "overhead_title": "Aansturing en overhead tegen de grens van {limit}",
        "overhead_text": "Aandeel aansturing en overhead: {share}, {crossed}. De grafiek eronder "
                         "toont de laatste acht kwartalen; de stippellijn is de grens.",
        "initiative": "<b>{title}</b> &middot; eigenaar {owner} &middot; gestart in {quarter} "
                      "&middot; status {status}",
        "responds_to": " &middot; naar aanleiding van: {indicator}",
        "about": "Soort: {kind}; eenheid: {unit}.",
    },
    "en": {
        "title": "Quarterly report {quarter}",
        "network": "Resilient network of care and welfare, municipality of {municipality}",
        "municipality": "Municipality of {municipality}",
        "footer": "Quarterly report resilient network, {quarter}",
        "adopted": "Adopted {day}",
        "draft": "Draft, {day}",
        "closed_status": "The review of this quarter was closed on {day}. "
                         "The figures are the values recorded by that review.",
        "draft_status": "Draft: the review of this quarter has not been closed yet. Figures as of "
                        "{day}; they may still change.",
        "reference_points": "Indicators are reference points, not targets: the report shows where "
                            "the network stands against the agreed reference point and how it "
                            "moves. Only for the boundaries does it say whether they were crossed.",
        "funder_detail": "Money flows of {funder} are shown in detail in this report; the other "
                         "money flows only in total.",
        "privacy": "Numbers of residents and experiences below 10 are shown as '< 10' (privacy).",
        "above": "{change} (above the reference point)",
        "below": "{change} (below the reference point)",
        "overhead_title": "Steering and overhead against the boundary of {limit}",
        "overhead_text": "Share of steering and overhead: {share}, {crossed}. The chart below shows "
                         "the last eight quarters; the dotted line is the boundary.",
        "initiative": "<b>{title}</b> &middot; owner {owner} &middot; started in {quarter} "
                      "&middot; status {status}",
        "responds_to": " &middot; in response to: {indicator}",
        "about": "Kind: {kind}; unit: {unit}.",
    },
}


def _tr(lang: str, nl: str, en: str) -> str:
    """The Dutch or the English text (Dutch for anything but ``en``)."""
    return en if lang == "en" else nl


def _lang(lang: str) -> str:
    """``en`` or ``nl`` (the key of the tables above)."""
    return "en" if lang == "en" else "nl"


def _text(lang: str, key: str, **values) -> str:
    """The sentence `key` of :data:`TEXTS` in `lang`, filled in with `values`."""
    return TEXTS[_lang(lang)][key].format(**values)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5,
                          leading=13)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold",
                                fontSize=20, leading=24, textColor=PRIMARY, alignment=0),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName="Helvetica-Bold",
                             fontSize=14, leading=18, textColor=PRIMARY, spaceBefore=10,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName="Helvetica-Bold",
                             fontSize=11, leading=14, spaceBefore=8, spaceAfter=3),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cellr": ParagraphStyle("cellr", parent=body, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "cellh": ParagraphStyle("cellh", parent=body, fontName="Helvetica-Bold", fontSize=8.5,
                                leading=10.5),
        "quote": ParagraphStyle("quote", parent=body, fontSize=11, leading=15, leftIndent=10,
                                textColor=PRIMARY, fontName="Helvetica-Oblique"),
    }


def _keep(text: str) -> str:
    """A number stays with its unit on one line (no-break spaces in ``€ 351`` and ``12,8 %``)."""
    return text.replace("€ ", "€\u00a0").replace(" %", "\u00a0%")


def _p(text: str, style) -> Paragraph:
    return Paragraph(_keep(escape(str(text))), style)


def _table(header: list[str], rows: list[list], widths: list[float], st, right: set[int] = frozenset()) -> Table:
    """A plain table: a bold header row repeated on every page, light grid, numbers right."""
    data = [[_p(h, st["cellh"]) for h in header]]
    for row in rows:
        data.append([
            cell if not isinstance(cell, str) else _p(cell, st["cellr"] if i in right else st["cell"])
            for i, cell in enumerate(row)
        ])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, PRIMARY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5dde5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _image(png: bytes, width: float) -> Image:
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    return Image(io.BytesIO(png), width=width, height=width * h / w)


class _Numbered(rl_canvas.Canvas):
    """A canvas that knows the page count when it writes the header and footer."""

    header: tuple[str, str, str] = ("", "", "")
    footer: str = ""
    page_words: tuple[str, str] = ("pagina", "van")  # "pagina X van Y" / "page X of Y"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        left, middle, right = self.header
        self.saveState()
        self.setFont("Helvetica", 8)
        self.setFillColor(GREY)
        top = PAGE_H - 1.2 * cm
        self.drawString(MARGIN, top, left)
        self.drawCentredString(PAGE_W / 2, top, middle)
        self.drawRightString(PAGE_W - MARGIN, top, right)
        self.setStrokeColor(colors.HexColor("#d5dde5"))
        self.line(MARGIN, top - 4, PAGE_W - MARGIN, top - 4)
        self.drawString(MARGIN, 1.1 * cm, self.footer)
        self.drawRightString(PAGE_W - MARGIN, 1.1 * cm, f"{self.page_words[0]} {self._pageNumber} {self.page_words[1]} {total}")
        self.restoreState()


# ---------------------------------------------------------------------------------------------
# Texts


def _value(value, unit: str, lang: str = "nl") -> str:
    return formatting.indicator_value(value, unit, lang)


def _shown(line, lang: str = "nl") -> str:
    if line.suppressed:
        return "< 10"
    return _value(line.value, line.unit, lang)


def _position(line, lang: str = "nl") -> str:
    """Where the value stands against the reference point, in neutral words."""
    if line.reference is None:
        return _tr(lang, "geen ijkpunt afgesproken", "no reference point agreed")
    if line.value is None:
        return _tr(lang, "geen waarde", "no value")
    d = line.deviation
    if d == 0:
        return _tr(lang, "op het ijkpunt", "at the reference point")
    return _text(lang, "above" if d > 0 else "below",
                 change=formatting.indicator_change(d, line.unit, lang))


def _movement(line, lang: str = "nl") -> str:
    if line.movement is None:
        return formatting.MISSING
    text = MOVEMENT[_lang(lang)][line.movement]
    if line.previous is not None:
        text += _tr(lang, " (vorig kwartaal ", " (previous quarter ")
        text += f"{_value(line.previous, line.unit, lang)})"
    return text


def _boundary_text(line, lang: str = "nl") -> str:
    if line.breached is None:
        return _tr(lang, "geen waarde", "no value")
    if line.breached:
        return _tr(lang, "grens overschreden", "boundary crossed")
    return _tr(lang, "binnen de grens", "within the boundary")


def _audience(c: ReportContent) -> str:
    if c.funder_name:
        return _tr(c.lang, f"Rapportage voor {c.funder_name}", f"Report for {c.funder_name}")
    if c.cluster_name:
        return _tr(c.lang, f"Rapportage voor cluster {c.cluster_name}",
                   f"Report for cluster {c.cluster_name}")
    return _tr(c.lang, "Rapportage voor gemeenteraad en financiers",
               "Report for the municipal council and funders")


def _date_label(c: ReportContent) -> str:
    day = formatting.date(c.report_date, c.lang)
    return _text(c.lang, "adopted" if c.closed else "draft", day=day)


# ---------------------------------------------------------------------------------------------
# Sections


def _cover(c: ReportContent, st) -> list:
    lang = c.lang
    day = formatting.date(c.report_date, lang)
    out = [
        _p(_text(lang, "title", quarter=formatting.quarter_label(c.quarter, lang)), st["title"]),
        _p(_text(lang, "network", municipality=c.municipality), st["subtitle"]),
        _p(_audience(c), st["subtitle"]),
        Spacer(1, 6),
        _p(_text(lang, "closed_status" if c.closed else "draft_status", day=day), st["body"]),
        _p(_text(lang, "reference_points"), st["small"]),
    ]
    if c.funder_name:
        out.append(_p(_text(lang, "funder_detail", funder=c.funder_name), st["small"]))
    out.append(_p(_text(lang, "privacy"), st["small"]))
    return out


def _beliefs(c: ReportContent, st) -> list:
    lang = _lang(c.lang)
    out = [_p(_tr(lang, "1. Waar we voor staan", "1. What we stand for"), st["h1"]),
           _p(c.beliefs.essence(lang), st["quote"]),
           Spacer(1, 4), _p(_tr(lang, "De drie leidende principes:", "The three guiding principles:"),
                            st["body"])]
    for number, text in enumerate(c.beliefs.principle_texts(lang), start=1):
        out.append(_p(f"{number}. {text}", st["body"]))
    return out


def _flywheel(c: ReportContent, st, image) -> list:
    out = [_p(_tr(c.lang, "2. Het veerkracht-vliegwiel", "2. The resilience flywheel"), st["h1"]),
           _p(_tr(c.lang,
                  "Het vliegwiel draait van aansluiten op behoeften, via veerkracht-ervaringen, naar "
                  "openstellen voor waarden, en weer rond. Bij elke stap de kerncijfers van dit "
                  "kwartaal; het pijltje wijst de beweging ten opzichte van het vorige kwartaal aan "
                  "(omhoog, omlaag of gelijk).",
                  "The flywheel turns from connecting to needs, through resilience experiences, to "
                  "opening up to values, and round again. At each step the key figures of this "
                  "quarter; the arrow shows the movement against the previous quarter "
                  "(up, down or level)."), st["body"])]
    if image is not None:
        out.append(image)
    return out


def _boundaries(c: ReportContent, st) -> list:
    lang = c.lang

    def name(b) -> str:
        return f"{b.name} (cluster {c.cluster_name})" if b.scope_code else b.name

    rows = [[name(b), _shown(b, lang),
             f"{COMPARISON[_lang(lang)].get(b.comparison, '')} {_value(b.limit, b.unit, lang)}",
             _boundary_text(b, lang)] for b in c.boundaries]
    return [_p(_tr(lang, "3. Grenzen", "3. Boundaries"), st["h1"]),
            _p(_tr(lang, "De harde grenzen van het netwerk. Hier, en alleen hier, staat of een grens "
                         "is overschreden.",
                   "The hard boundaries of the network. Here, and only here, the report says "
                   "whether a boundary was crossed."), st["body"]), Spacer(1, 4),
            _table(_tr(lang, "Grens|Waarde|Moet zijn|Stand", "Boundary|Value|Must be|Status").split("|"),
                   rows, [7.4 * cm, 3 * cm, 3.4 * cm, 3.2 * cm], st, right={1})]


def _diagnostics(c: ReportContent, st, images: dict) -> list:
    lang = c.lang
    scope = (f" (cluster {c.cluster_name})" if c.cluster_name
             else _tr(lang, " (het hele netwerk)", " (the whole network)"))
    rows = [[d.name, _shown(d, lang), _value(d.reference, d.unit, lang), _position(d, lang),
             _movement(d, lang)] for d in c.diagnostics]
    out = [PageBreak(), _p(_tr(lang, "4. Diagnostische indicatoren", "4. Diagnostic indicators")
                           + scope, st["h1"]),
           _p(_tr(lang,
                  "Elke indicator met zijn waarde, het afgesproken ijkpunt, de afstand tot dat "
                  "ijkpunt en de beweging ten opzichte van het vorige kwartaal. De grafieken tonen "
                  "de laatste acht kwartalen; de stippellijn is het ijkpunt.",
                  "Each indicator with its value, the agreed reference point, the distance to that "
                  "reference point and the movement against the previous quarter. The charts show "
                  "the last eight quarters; the dotted line is the reference point."), st["body"]),
           Spacer(1, 4),
           _table(_tr(lang, "Indicator|Waarde|IJkpunt|T.o.v. ijkpunt|Beweging",
                      "Indicator|Value|Reference point|Against reference|Movement").split("|"), rows,
                  [5.2 * cm, 2.2 * cm, 2.0 * cm, 3.6 * cm, 4.0 * cm], st, right={1, 2})]
    for d in c.diagnostics:
        block = [_p(d.name, st["h2"])]
        w = FACT_WORDS[_lang(lang)]
        facts = f"{w['value']}: <b>{escape(_shown(d, lang))}</b>"
        if d.current_value is not None:
            facts += f" ({w['later']} {escape(_value(d.current_value, d.unit, lang))})"
        if d.reference is not None:
            agreed = ", ".join(d.reference_parties)
            facts += (f" &middot; {w['reference']}: {escape(_value(d.reference, d.unit, lang))}, "
                      f"{w['agreed_on']} {escape(formatting.date(d.reference_agreed_on, lang))} "
                      f"{w['by']} {escape(agreed)} &middot; {escape(_position(d, lang))}")
        else:
            facts += f" &middot; {w['no_reference']}"
        facts += f" &middot; {w['movement']}: {escape(_movement(d, lang))}"
        block.append(Paragraph(_keep(facts), st["body"]))
        if d.code in images:
            block.append(images[d.code])
        out.append(KeepTogether(block))
    return out


def _money(c: ReportContent, st, images: dict) -> list:
    lang = c.lang
    out = [PageBreak(), _p(_tr(lang, "5. Geldstromen en overhead", "5. Money flows and overhead"),
                           st["h1"])]
    if c.funder_name:
        out.append(_p(_tr(lang,
                          f"De stromen van het geld van {c.funder_name}, van financier via "
                          "fondsbeheerder en clusters naar combi's en netwerkpartners.",
                          f"The flows of the money of {c.funder_name}, from funder through the fund "
                          "manager and clusters to combos and network partners."), st["body"]))
    else:
        out.append(_p(_tr(lang,
                          "Toewijzingen van dit kwartaal: van de financiers via de fondsbeheerder "
                          "naar clusters, combi's, netwerkpartners en aansturing en overhead.",
                          "Allocations of this quarter: from the funders through the fund manager "
                          "to clusters, combos, network partners and steering and overhead."),
                      st["body"]))
    for i, (title, sankey) in enumerate(c.sankeys):
        out.append(_p(title, st["h2"]))
        if sankey.is_empty():
            out.append(_p(_tr(lang, "Geen toewijzingen in dit kwartaal.",
                              "No allocations in this quarter."), st["body"]))
        elif f"sankey{i}" in images:
            out.append(images[f"sankey{i}"])
    if c.money_by_stream is not None and not c.money_by_stream.empty:
        rows = [[stream_label(r.stream, lang), formatting.money(r.received, lang, cents=False),
                 formatting.money(r.spent, lang, cents=False)] for r in c.money_by_stream.itertuples()]
        out += [_p(_tr(lang, "Per financieringsstroom (totalen)", "Per funding stream (totals)"),
                   st["h2"]),
                _table(_tr(lang, "Stroom|Ontvangen van financiers|Besteed",
                           "Stream|Received from funders|Spent").split("|"), rows,
                       [5 * cm, 5 * cm, 5 * cm], st, right={1, 2})]
    if c.overhead is not None:
        limit = formatting.percent(c.overhead.limit_percent, lang, decimals=0)
        share = formatting.percent(c.overhead.share_percent, lang)
        crossed = _boundary_text(c.overhead, lang)
        block = [_p(_text(lang, "overhead_title", limit=limit), st["h2"]),
                 _p(_text(lang, "overhead_text", share=share, crossed=crossed), st["body"])]
        for key in ("overhead", "overhead_series"):
            if key in images:
                block.append(images[key])
        out.append(KeepTogether(block))
    return out


def _combos(c: ReportContent, st) -> list:
    lang = c.lang
    rows = [[str(r.cluster), str(r.combos_active), str(r.new_combos), str(r.with_resource_group),
             str(r.residents), str(r.experiences)] for r in c.combos.itertuples()]
    rows = [[formatting.count(int(v), lang) if isinstance(v, str) and v.isdigit() else v for v in row]
            for row in rows]
    return [_p(_tr(lang, "6. Veerkrachtcombi's per cluster", "6. Resilience combos per cluster"),
               st["h1"]),
            _p(_tr(lang, "Aantallen in dit kwartaal. 'x' is een aantal dat verborgen is om een klein "
                         "aantal elders te beschermen.",
                   "Numbers in this quarter. 'x' is a number hidden to protect a small number "
                   "elsewhere."), st["small"]),
            _table(_tr(lang, "Cluster|Actieve combi's|Nieuwe combi's|Met resourcegroep|"
                             "Ondersteunde bewoners|Ervaringen",
                       "Cluster|Active combos|New combos|With resource group|"
                       "Residents supported|Experiences").split("|"), rows,
                   [3.8 * cm, 2.3 * cm, 2.3 * cm, 2.6 * cm, 2.8 * cm, 3.2 * cm], st,
                   right={1, 2, 3, 4, 5})]


def _roles(c: ReportContent, st) -> list:
    lang = c.lang
    vacant, filled = _tr(lang, "vacature", "vacancy"), _tr(lang, "bezet", "filled")
    rows = [[r.role, r.scope, r.carriers or formatting.MISSING,
             vacant if r.vacant else (filled if r.required else "")]
            for r in c.roles.itertuples()]
    vacancies = int(c.roles["vacant"].sum()) if not c.roles.empty else 0
    return [_p(_tr(lang, "7. Dragende rollen en vacatures", "7. Supporting roles and vacancies"),
               st["h1"]),
            _p(_tr(lang,
                   f"Wie welke rol draagt aan het eind van het kwartaal. Open plekken waar het "
                   f"netwerk de rol nodig heeft: {vacancies}.",
                   f"Who carries which role at the end of the quarter. Open places where the "
                   f"network needs the role: {vacancies}."), st["body"]), Spacer(1, 4),
            _table(_tr(lang, "Rol|Waar|Gedragen door|Stand", "Role|Where|Carried by|Status").split("|"),
                   rows, [4.6 * cm, 3.4 * cm, 6.6 * cm, 2.4 * cm], st)]


def _review(c: ReportContent, st) -> list:
    lang = _lang(c.lang)
    status = STATUS[lang]
    out = [PageBreak(), _p(_tr(lang, "8. De review: gesprek, besluiten en initiatieven",
                               "8. The review: conversation, decisions and initiatives"), st["h1"])]
    if not c.notes:
        out.append(_p(_tr(lang, "Er zijn voor dit kwartaal geen notities of besluiten vastgelegd.",
                          "No notes or decisions were recorded for this quarter."), st["body"]))
    for kind, title in (("note", _tr(lang, "Notities", "Notes")),
                        ("decision", _tr(lang, "Besluiten", "Decisions"))):
        notes = [n for n in c.notes if n.kind == kind]
        if not notes:
            continue
        out.append(_p(title, st["h2"]))
        rows = [[LEVER_NAMES[lang].get(n.lever, n.lever), n.body, n.written_by] for n in notes]
        out.append(_table(_tr(lang, "Hefboom|Tekst|Door", "Lever|Text|By").split("|"), rows,
                          [3.2 * cm, 10.8 * cm, 3 * cm], st))
    out.append(_p(_tr(lang, "Initiatieven en opvolging", "Initiatives and follow-up"), st["h2"]))
    if not c.initiatives:
        out.append(_p(_tr(lang, "Er lopen geen initiatieven.", "There are no initiatives."),
                      st["body"]))
    names = {d.code: d.name(lang) for d in c.definitions}
    for i in c.initiatives:
        head = _text(lang, "initiative", title=escape(i.title), owner=escape(i.owner),
                     quarter=escape(formatting.quarter_label(i.quarter_opened, lang)),
                     status=escape(status.get(i.status, i.status)))
        if i.responds_to:
            head += _text(lang, "responds_to",
                          indicator=escape(names.get(i.responds_to, i.responds_to)))
        block = [Paragraph(head, st["body"])]
        if i.description:
            block.append(_p(i.description, st["body"]))
        for f in i.followups:
            block.append(_p(f"{formatting.quarter_label(f.quarter, lang)} "
                            f"({status.get(f.status, f.status)}): {f.note}", st["small"]))
        block.append(Spacer(1, 4))
        out.append(KeepTogether(block))
    return out


def _appendix(c: ReportContent, st) -> list:
    lang = _lang(c.lang)
    out = [PageBreak(), _p(_tr(lang, "Bijlage: de indicatoren uitgelegd",
                               "Appendix: the indicators explained"), st["h1"])]
    for d in c.definitions:
        kind = (_tr(lang, "grens", "boundary") if d.lever == "boundary"
                else _tr(lang, "ijkpunt-indicator", "reference-point indicator"))
        about = _text(lang, "about", kind=kind, unit=formatting.unit_word(d.unit, lang))
        out.append(KeepTogether([
            _p(d.name(lang), st["h2"]),
            _p(d.explanation(lang), st["body"]),
            _p(about, st["small"]),
        ]))
    return out


# ---------------------------------------------------------------------------------------------
# Figures and the document


def _figures(c: ReportContent) -> tuple[list, list]:
    """(key, plotly figure) in one list, so that one browser draws them all."""
    lang = _lang(c.lang)
    keyed = []
    shown = {d.code: d for d in c.diagnostics}
    kfs = [figures.KeyFigure(d.code, d.name, None if d.suppressed else d.value, d.unit, d.movement)
           for d in shown.values() if d.code in {x for v in figures.FLYWHEEL_STEPS.values() for x in v}]
    keyed.append(("flywheel", figures.flywheel_figure(kfs, lang)))
    for d in c.diagnostics:
        keyed.append((d.code, figures.indicator_figure(d.series, d.unit, lang, reference=d.reference,
                                                      height=190)))
    for i, (_, sankey) in enumerate(c.sankeys):
        if not sankey.is_empty():
            height = max(320, min(640, 26 * len(sankey.node_codes)))
            figure = figures.sankey_figure(sankey, lang, height=height)
            figure.update_layout(width=900)
            keyed.append((f"sankey{i}", figure))
    if c.overhead is not None:
        keyed.append(("overhead", figures.overhead_figure(c.overhead, lang)))
        keyed.append(("overhead_series", figures.indicator_figure(
            c.overhead_series, "percent", lang, limit=c.overhead.limit_percent, height=190)))
    return [k for k, _ in keyed], [f for _, f in keyed]


def build_pdf(c: ReportContent, *, charts: bool = True, draw=None) -> bytes:
    """The report as PDF bytes in ``c.lang``; `charts=False` leaves the figures out (quick previews).

    `draw(figures, fmt, width=, scale=)` turns the figures into images: by default
    :func:`saniveld.figures.render`; a closed quarter's report passes
    :func:`saniveld.reports.images.render_kept` so that its images are the ones kept."""
    lang = _lang(c.lang)
    st = _styles()
    images: dict = {}
    if charts:
        keys, figs = _figures(c)
        draw = draw or figures.render
        for key, png in zip(keys, draw(figs, "png", width=700, scale=2)):
            images[key] = _image(png, FRAME_W)
    story = []
    story += _cover(c, st)
    story += _beliefs(c, st)
    story += [CondPageBreak(9 * cm)] + _flywheel(c, st, images.get("flywheel"))
    story += [CondPageBreak(6 * cm)] + _boundaries(c, st)
    story += _diagnostics(c, st, images)
    story += _money(c, st, images)
    story += [CondPageBreak(5 * cm)] + _combos(c, st)
    story += [CondPageBreak(6 * cm)] + _roles(c, st)
    story += _review(c, st)
    story += _appendix(c, st)

    quarter = formatting.quarter_label(c.quarter, lang)
    author = _text(lang, "municipality", municipality=c.municipality)
    header = (author, quarter, _date_label(c))
    footer = _text(lang, "footer", quarter=quarter)
    title = f"{_text(lang, 'title', quarter=quarter)} — {c.municipality}"

    class Canvas(_Numbered):
        pass

    Canvas.header, Canvas.footer = header, footer
    Canvas.page_words = ("page", "of") if lang == "en" else ("pagina", "van")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, invariant=1, title=title, author=author, subject=_audience(c),
        creator="Saniveld stuurdashboard", lang="en-GB" if lang == "en" else "nl-NL",
    )
    doc.build(story, canvasmaker=Canvas)
    return out.getvalue()


__all__ = ["build_pdf"]
