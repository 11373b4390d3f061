"""The quarterly report as PDF (A4, Dutch): reportlab, with the figures of :mod:`saniveld.figures`.

Every page carries the municipality's name, the quarter and the report's date at the top and
"pagina X van Y" at the bottom. The document is reproducible: reportlab's invariant mode fixes
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

LEVER_NAMES = {"beliefs": "Overtuigingen", "boundaries": "Grenzen", "diagnostic": "Diagnostiek",
               "interactive": "Interactieve sturing"}
MOVEMENT = {"up": "gestegen", "down": "gedaald", "level": "gelijk gebleven"}
STATUS = {"open": "open", "in_progress": "loopt", "done": "afgerond", "stopped": "gestopt"}
COMPARISON = {"lt": "lager dan", "le": "hoogstens", "eq": "gelijk aan"}


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
        self.drawRightString(PAGE_W - MARGIN, 1.1 * cm, f"pagina {self._pageNumber} van {total}")
        self.restoreState()


# ---------------------------------------------------------------------------------------------
# Texts


def _value(value, unit: str) -> str:
    return formatting.indicator_value(value, unit)


def _shown(line) -> str:
    if line.suppressed:
        return "< 10"
    return _value(line.value, line.unit)


def _position(line) -> str:
    """Where the value stands against the reference point, in neutral words."""
    if line.reference is None:
        return "geen ijkpunt afgesproken"
    if line.value is None:
        return "geen waarde"
    d = line.deviation
    if d == 0:
        return "op het ijkpunt"
    where = "boven" if d > 0 else "onder"
    return f"{formatting.indicator_change(d, line.unit)} ({where} het ijkpunt)"


def _movement(line) -> str:
    if line.movement is None:
        return formatting.MISSING
    text = MOVEMENT[line.movement]
    if line.previous is not None:
        text += f" (vorig kwartaal {_value(line.previous, line.unit)})"
    return text


def _boundary_text(line) -> str:
    if line.breached is None:
        return "geen waarde"
    return "grens overschreden" if line.breached else "binnen de grens"


def _audience(c: ReportContent) -> str:
    if c.funder_name:
        return f"Rapportage voor {c.funder_name}"
    if c.cluster_name:
        return f"Rapportage voor cluster {c.cluster_name}"
    return "Rapportage voor gemeenteraad en financiers"


def _date_label(c: ReportContent) -> str:
    day = formatting.date(c.report_date)
    return f"Vastgesteld {day}" if c.closed else f"Concept, {day}"


# ---------------------------------------------------------------------------------------------
# Sections


def _cover(c: ReportContent, st) -> list:
    q = formatting.quarter_label(c.quarter)
    status = (f"De review van dit kwartaal is afgesloten op {formatting.date(c.report_date)}. "
              "De cijfers zijn de vastgelegde waarden van die review."
              if c.closed else
              f"Concept: de review van dit kwartaal is nog niet afgesloten. Cijfers per "
              f"{formatting.date(c.report_date)}; ze kunnen nog veranderen.")
    out = [
        _p(f"Kwartaalrapportage {q}", st["title"]),
        _p(f"Veerkrachtig netwerk van zorg en welzijn, gemeente {c.municipality}", st["subtitle"]),
        _p(_audience(c), st["subtitle"]),
        Spacer(1, 6),
        _p(status, st["body"]),
        _p("Indicatoren zijn ijkpunten, geen doelen: het rapport laat zien waar het netwerk "
           "staat ten opzichte van het afgesproken ijkpunt en hoe het beweegt. Alleen bij de "
           "grenzen staat of ze zijn overschreden.", st["small"]),
    ]
    if c.funder_name:
        out.append(_p(f"Geldstromen van {c.funder_name} staan in detail in dit rapport; "
                      "de overige geldstromen alleen opgeteld.", st["small"]))
    out.append(_p("Aantallen bewoners en ervaringen onder de 10 staan als '< 10' (privacy).",
                  st["small"]))
    return out


def _beliefs(c: ReportContent, st) -> list:
    out = [_p("1. Waar we voor staan", st["h1"]), _p(c.beliefs.essence("nl"), st["quote"]),
           Spacer(1, 4), _p("De drie leidende principes:", st["body"])]
    for number, text in enumerate(c.beliefs.principle_texts("nl"), start=1):
        out.append(_p(f"{number}. {text}", st["body"]))
    return out


def _flywheel(c: ReportContent, st, image) -> list:
    out = [_p("2. Het veerkracht-vliegwiel", st["h1"]),
           _p("Het vliegwiel draait van aansluiten op behoeften, via veerkracht-ervaringen, naar "
              "openstellen voor waarden, en weer rond. Bij elke stap de kerncijfers van dit "
              "kwartaal; het pijltje wijst de beweging ten opzichte van het vorige kwartaal aan "
              "(omhoog, omlaag of gelijk).", st["body"])]
    if image is not None:
        out.append(image)
    return out


def _boundaries(c: ReportContent, st) -> list:
    def name(b) -> str:
        return f"{b.name} (cluster {c.cluster_name})" if b.scope_code else b.name

    rows = [[name(b), _shown(b), f"{COMPARISON.get(b.comparison, '')} {_value(b.limit, b.unit)}",
             _boundary_text(b)] for b in c.boundaries]
    return [_p("3. Grenzen", st["h1"]),
            _p("De harde grenzen van het netwerk. Hier, en alleen hier, staat of een grens is "
               "overschreden.", st["body"]), Spacer(1, 4),
            _table(["Grens", "Waarde", "Moet zijn", "Stand"], rows,
                   [7.4 * cm, 3 * cm, 3.4 * cm, 3.2 * cm], st, right={1})]


def _diagnostics(c: ReportContent, st, images: dict) -> list:
    scope = f" (cluster {c.cluster_name})" if c.cluster_name else " (het hele netwerk)"
    rows = [[d.name, _shown(d), _value(d.reference, d.unit), _position(d), _movement(d)]
            for d in c.diagnostics]
    out = [PageBreak(), _p("4. Diagnostische indicatoren" + scope, st["h1"]),
           _p("Elke indicator met zijn waarde, het afgesproken ijkpunt, de afstand tot dat "
              "ijkpunt en de beweging ten opzichte van het vorige kwartaal. De grafieken tonen "
              "de laatste acht kwartalen; de stippellijn is het ijkpunt.", st["body"]),
           Spacer(1, 4),
           _table(["Indicator", "Waarde", "IJkpunt", "T.o.v. ijkpunt", "Beweging"], rows,
                  [5.2 * cm, 2.2 * cm, 2.0 * cm, 3.6 * cm, 4.0 * cm], st, right={1, 2})]
    for d in c.diagnostics:
        block = [_p(d.name, st["h2"])]
        facts = f"Waarde: <b>{escape(_shown(d))}</b>"
        if d.current_value is not None:
            facts += (f" (bij de review; met latere gegevens nu "
                      f"{escape(_value(d.current_value, d.unit))})")
        if d.reference is not None:
            agreed = ", ".join(d.reference_parties)
            facts += (f" &middot; IJkpunt: {escape(_value(d.reference, d.unit))}, afgesproken op "
                      f"{escape(formatting.date(d.reference_agreed_on))} door {escape(agreed)}"
                      f" &middot; {escape(_position(d))}")
        else:
            facts += " &middot; geen ijkpunt afgesproken"
        facts += f" &middot; Beweging: {escape(_movement(d))}"
        block.append(Paragraph(_keep(facts), st["body"]))
        if d.code in images:
            block.append(images[d.code])
        out.append(KeepTogether(block))
    return out


def _money(c: ReportContent, st, images: dict) -> list:
    out = [PageBreak(), _p("5. Geldstromen en overhead", st["h1"])]
    if c.funder_name:
        out.append(_p(f"De stromen van het geld van {c.funder_name}, van financier via "
                      "fondsbeheerder en clusters naar combi's en netwerkpartners.", st["body"]))
    else:
        out.append(_p("Toewijzingen van dit kwartaal: van de financiers via de fondsbeheerder naar "
                      "clusters, combi's, netwerkpartners en aansturing en overhead.", st["body"]))
    for i, (title, sankey) in enumerate(c.sankeys):
        out.append(_p(title, st["h2"]))
        if sankey.is_empty():
            out.append(_p("Geen toewijzingen in dit kwartaal.", st["body"]))
        elif f"sankey{i}" in images:
            out.append(images[f"sankey{i}"])
    if c.money_by_stream is not None and not c.money_by_stream.empty:
        rows = [[stream_label(r.stream), formatting.money(r.received, cents=False),
                 formatting.money(r.spent, cents=False)] for r in c.money_by_stream.itertuples()]
        out += [_p("Per financieringsstroom (totalen)", st["h2"]),
                _table(["Stroom", "Ontvangen van financiers", "Besteed"], rows,
                       [5 * cm, 5 * cm, 5 * cm], st, right={1, 2})]
    if c.overhead is not None:
        block = [_p("Aansturing en overhead tegen de grens van "
                    f"{formatting.percent(c.overhead.limit_percent, decimals=0)}", st["h2"]),
                 _p(f"Aandeel aansturing en overhead: "
                    f"{formatting.percent(c.overhead.share_percent)}, "
                    f"{_boundary_text(c.overhead)}. De grafiek eronder toont de laatste acht "
                    "kwartalen; de stippellijn is de grens.", st["body"])]
        for key in ("overhead", "overhead_series"):
            if key in images:
                block.append(images[key])
        out.append(KeepTogether(block))
    return out


def _combos(c: ReportContent, st) -> list:
    rows = [[str(r.cluster), str(r.combos_active), str(r.new_combos), str(r.with_resource_group),
             str(r.residents), str(r.experiences)] for r in c.combos.itertuples()]
    rows = [[formatting.count(int(v)) if isinstance(v, str) and v.isdigit() else v for v in row]
            for row in rows]
    return [_p("6. Veerkrachtcombi's per cluster", st["h1"]),
            _p("Aantallen in dit kwartaal. 'x' is een aantal dat verborgen is om een klein "
               "aantal elders te beschermen.", st["small"]),
            _table(["Cluster", "Actieve combi's", "Nieuwe combi's", "Met resourcegroep",
                    "Ondersteunde bewoners", "Ervaringen"], rows,
                   [3.8 * cm, 2.3 * cm, 2.3 * cm, 2.6 * cm, 2.8 * cm, 3.2 * cm], st,
                   right={1, 2, 3, 4, 5})]


def _roles(c: ReportContent, st) -> list:
    rows = [[r.role, r.scope, r.carriers or formatting.MISSING,
             "vacature" if r.vacant else ("bezet" if r.required else "")]
            for r in c.roles.itertuples()]
    vacancies = int(c.roles["vacant"].sum()) if not c.roles.empty else 0
    return [_p("7. Dragende rollen en vacatures", st["h1"]),
            _p(f"Wie welke rol draagt aan het eind van het kwartaal. Open plekken waar het netwerk "
               f"de rol nodig heeft: {vacancies}.", st["body"]), Spacer(1, 4),
            _table(["Rol", "Waar", "Gedragen door", "Stand"], rows,
                   [4.6 * cm, 3.4 * cm, 6.6 * cm, 2.4 * cm], st)]


def _review(c: ReportContent, st) -> list:
    out = [PageBreak(), _p("8. De review: gesprek, besluiten en initiatieven", st["h1"])]
    if not c.notes:
        out.append(_p("Er zijn voor dit kwartaal geen notities of besluiten vastgelegd.", st["body"]))
    for kind, title in (("note", "Notities"), ("decision", "Besluiten")):
        notes = [n for n in c.notes if n.kind == kind]
        if not notes:
            continue
        out.append(_p(title, st["h2"]))
        rows = [[LEVER_NAMES.get(n.lever, n.lever), n.body, n.written_by] for n in notes]
        out.append(_table(["Hefboom", "Tekst", "Door"], rows, [3.2 * cm, 10.8 * cm, 3 * cm], st))
    out.append(_p("Initiatieven en opvolging", st["h2"]))
    if not c.initiatives:
        out.append(_p("Er lopen geen initiatieven.", st["body"]))
    names = {d.code: d.name_nl for d in c.definitions}
    for i in c.initiatives:
        head = (f"<b>{escape(i.title)}</b> &middot; eigenaar {escape(i.owner)} &middot; gestart in "
                f"{escape(formatting.quarter_label(i.quarter_opened))} &middot; status "
                f"{escape(STATUS.get(i.status, i.status))}")
        if i.responds_to:
            head += f" &middot; naar aanleiding van: {escape(names.get(i.responds_to, i.responds_to))}"
        block = [Paragraph(head, st["body"])]
        if i.description:
            block.append(_p(i.description, st["body"]))
        for f in i.followups:
            block.append(_p(f"{formatting.quarter_label(f.quarter)} ({STATUS.get(f.status, f.status)}): "
                            f"{f.note}", st["small"]))
        block.append(Spacer(1, 4))
        out.append(KeepTogether(block))
    return out


UNITS = {"count": "aantal", "percent": "procent", "ratio": "verhouding van 0 tot 1",
         "per_1000_inhabitants": "per 1000 inwoners", "per_100_residents": "per 100 bewoners",
         "eur": "euro"}


def _appendix(c: ReportContent, st) -> list:
    out = [PageBreak(), _p("Bijlage: de indicatoren uitgelegd", st["h1"])]
    for d in c.definitions:
        kind = "grens" if d.lever == "boundary" else "ijkpunt-indicator"
        out.append(KeepTogether([
            _p(d.name_nl, st["h2"]),
            _p(d.explanation_nl, st["body"]),
            _p(f"Soort: {kind}; eenheid: {UNITS.get(d.unit, d.unit)}.", st["small"]),
        ]))
    return out


# ---------------------------------------------------------------------------------------------
# Figures and the document


def _figures(c: ReportContent) -> tuple[list, list]:
    """(key, plotly figure) in one list, so that one browser draws them all."""
    keyed = []
    shown = {d.code: d for d in c.diagnostics}
    kfs = [figures.KeyFigure(d.code, d.name, None if d.suppressed else d.value, d.unit, d.movement)
           for d in shown.values() if d.code in {x for v in figures.FLYWHEEL_STEPS.values() for x in v}]
    keyed.append(("flywheel", figures.flywheel_figure(kfs, "nl")))
    for d in c.diagnostics:
        keyed.append((d.code, figures.indicator_figure(d.series, d.unit, "nl", reference=d.reference,
                                                      height=190)))
    for i, (_, sankey) in enumerate(c.sankeys):
        if not sankey.is_empty():
            height = max(320, min(640, 26 * len(sankey.node_codes)))
            figure = figures.sankey_figure(sankey, "nl", height=height)
            figure.update_layout(width=900)
            keyed.append((f"sankey{i}", figure))
    if c.overhead is not None:
        keyed.append(("overhead", figures.overhead_figure(c.overhead, "nl")))
        keyed.append(("overhead_series", figures.indicator_figure(
            c.overhead_series, "percent", "nl", limit=c.overhead.limit_percent, height=190)))
    return [k for k, _ in keyed], [f for _, f in keyed]


def build_pdf(c: ReportContent, *, charts: bool = True, draw=None) -> bytes:
    """The report as PDF bytes; `charts=False` leaves the figures out (quick previews).

    `draw(figures, fmt, width=, scale=)` turns the figures into images: by default
    :func:`saniveld.figures.render`; a closed quarter's report passes
    :func:`saniveld.reports.images.render_kept` so that its images are the ones kept."""
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

    quarter = formatting.quarter_label(c.quarter)
    header = (f"Gemeente {c.municipality}", quarter, _date_label(c))
    footer = f"Kwartaalrapportage veerkrachtig netwerk, {quarter}"

    class Canvas(_Numbered):
        pass

    Canvas.header, Canvas.footer = header, footer
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, invariant=1, title=f"Kwartaalrapportage {quarter} — {c.municipality}",
        author=f"Gemeente {c.municipality}", subject=_audience(c), creator="Saniveld stuurdashboard",
        lang="nl-NL",
    )
    doc.build(story, canvasmaker=Canvas)
    return out.getvalue()


__all__ = ["build_pdf"]
