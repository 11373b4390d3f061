"""The parts of the Kwartaalreview page, built by pure functions (data in, components out).

The page module (:mod:`saniveld.web.pages.review`) reads the data in its callbacks and hands it
here; tests call these without a browser. Indicators are reference points, not targets: no
pass/fail colours anywhere; only a boundary says crossed or within, in words and a calm mark.

Privacy: counts of residents (``residents_supported``) between 1 and the threshold are shown as
``< 10`` to anyone outside the cluster (the network total too), as the reports do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dash import dcc, html

from saniveld import access, privacy
from saniveld import figures as shared_figures
from saniveld.levers.definitions import Beliefs, IndicatorDef
from saniveld.levers.review import Initiative, Note, Review, ReviewedIndicator
from saniveld.web import figures, formatting
from saniveld.web import components as c
from saniveld.web.i18n import t
from saniveld.web.indicator_format import indicator_change, indicator_value

# Indicators that count residents: small values are suppressed outside the cluster.
RESIDENT_COUNTS = ("residents_supported",)
LEVERS = ("beliefs", "boundaries", "diagnostic", "interactive")


@dataclass(frozen=True)
class Shown:
    """One indicator as this viewer sees it on the page (values already suppressed)."""

    code: str
    name: str
    unit: str
    value: Decimal | None
    value_text: str
    reference: Decimal | None
    deviation: Decimal | None
    compared: Decimal | None  # the value at the compared quarter (default: the previous one)
    compared_text: str
    movement: str | None
    restated_text: str | None  # frozen and later changed: the current value's text
    suppressed: bool


def hides_small(principal, cluster: str | None) -> bool:
    """Are small resident counts of this scope hidden from `principal`? (Always at network.)"""
    return cluster is None or not access.inside_cluster(principal, cluster)


def _count_text(code: str, value: Decimal | None, unit: str, hide: bool, lang: str) -> tuple[str, bool]:
    if hide and code in RESIDENT_COUNTS and privacy.is_small(value):
        return t("common.small_count", lang, threshold=privacy.threshold()), True
    return indicator_value(value, unit, lang), False


def _movement(value: Decimal | None, before: Decimal | None) -> str | None:
    if value is None or before is None:
        return None
    return "up" if value > before else "down" if value < before else "level"


def shown_indicator(reviewed: ReviewedIndicator, compared: Decimal | None, *, hide_small: bool,
                    lang: str) -> Shown:
    """What a card shows: the frozen value of a closed review first, suppressed where small."""
    r = reviewed.current
    value = reviewed.shown_value
    reference = reviewed.frozen_reference if reviewed.is_frozen else r.reference
    value_text, suppressed = _count_text(r.code, value, r.unit, hide_small, lang)
    compared_text, compared_hidden = _count_text(r.code, compared, r.unit, hide_small, lang)
    restated = None
    if reviewed.restated:
        restated, _ = _count_text(r.code, r.value, r.unit, hide_small, lang)
    hidden = suppressed or compared_hidden
    return Shown(
        code=r.code,
        name=r.name(lang),
        unit=r.unit,
        value=None if suppressed else value,
        value_text=value_text,
        reference=reference,
        deviation=None if suppressed or value is None or reference is None else value - reference,
        compared=None if compared_hidden else compared,
        compared_text=compared_text,
        movement=None if hidden else _movement(value, compared),
        restated_text=restated,
        suppressed=suppressed,
    )


def suppressed_series(code: str, series, unit: str, hide_small: bool, lang: str):
    """(values, hover texts) of a series, small resident counts hidden (a gap, ``< 10``)."""
    values, texts = [], []
    for quarter, value in series:
        text, hidden = _count_text(code, value, unit, hide_small, lang)
        values.append((quarter, None if hidden else value))
        texts.append(text)
    return values, texts


# ---------------------------------------------------------------------------------------------
# Beliefs


def beliefs_part(beliefs: Beliefs, lang: str) -> list:
    return [
        html.P(beliefs.essence(lang), className="beliefs-essence"),
        html.H3(t("review.principles", lang), className="beliefs-heading"),
        html.Ol([html.Li(text) for text in beliefs.principle_texts(lang)],
                className="beliefs-principles"),
    ]


# ---------------------------------------------------------------------------------------------
# The flywheel


FLYWHEEL_CODES = {code for codes in shared_figures.FLYWHEEL_STEPS.values() for code in codes}


def flywheel_part(shown: list[Shown], quarter: str, lang: str) -> list:
    """The flywheel as in the PDF report (one builder, saniveld.figures), with this viewer's
    (suppressed) value texts, and the same content in words for screen readers."""
    key = [shared_figures.KeyFigure(s.code, t(f"flywheel.short.{s.code}", lang), s.value,
                                    s.unit, s.movement, value_text=s.value_text)
           for s in shown if s.code in FLYWHEEL_CODES]
    lines = "; ".join(
        f"{t('flywheel.step.' + step, lang).replace('<br>', ' ')}: " + ", ".join(
            f"{k.name} {k.value_text}" for k in key if k.code in codes)
        for step, codes in shared_figures.FLYWHEEL_STEPS.items())
    label = t("review.flywheel.label", lang, quarter=formatting.quarter_label(quarter, lang),
              lines=lines)
    centre = "<b>" + "<br>".join(formatting.quarter_label(quarter, lang).rsplit(" ", 1)) + "</b>"
    return [
        html.Div(dcc.Graph(id="review-flywheel-graph", figure=shared_figures.flywheel_figure(
            key, lang, width=None, height=380, centre=centre), config=figures.GRAPH_CONFIG),
                 role="img", **{"aria-label": label}),
        html.P(t("review.flywheel.note", lang), className="muted small-print"),
    ]


# ---------------------------------------------------------------------------------------------
# Boundaries


def _with_number(text: str, number: str) -> list:
    """A message with a number in it, the number kept on one line (``.num``)."""
    before, after = text.split("\x00", 1)
    return [part for part in (before, html.Span(number, className="num"), after) if part != ""]


def boundary_item(reviewed: ReviewedIndicator, definition: IndicatorDef, lang: str) -> html.Li:
    r = reviewed.current
    value = reviewed.shown_value
    breached = definition.is_breached(value)
    state = "unknown" if breached is None else "breached" if breached else "within"
    limit = (formatting.percent(r.limit, lang, decimals=0)
             if r.unit == "percent" and r.limit == r.limit.to_integral_value()
             else indicator_value(r.limit, r.unit, lang))
    rule = _with_number(t(f"boundary.rule.{r.comparison}", lang, limit="\x00"), limit)
    shown = _with_number(t("boundary.value", lang, value="\x00"),
                         indicator_value(value, r.unit, lang))
    parts = [
        html.Div([html.Span(r.name(lang), className="boundary-name"),
                  html.Span(t(f"boundary.{state}", lang),
                            className=f"boundary-state boundary-{state}")],
                 className="boundary-head"),
        html.P([*shown, " · ", *rule],
               className="boundary-rule"),
    ]
    if reviewed.restated:
        parts.append(html.P(t("indicator.restated", lang,
                              value=indicator_value(r.value, r.unit, lang)), className="muted"))
    return html.Li(parts, className=f"boundary boundary-item-{state}", **{"data-code": r.code})


def boundaries_part(network: list[ReviewedIndicator], cluster: list[ReviewedIndicator],
                    cluster_name: str | None, definitions: dict[str, IndicatorDef], lang: str) -> list:
    parts = [html.H3(t("boundary.network", lang), className="visually-hidden"),
             html.Ul([boundary_item(b, definitions[b.current.code], lang) for b in network],
                     className="boundary-list")]
    if cluster:
        parts += [html.H3(t("boundary.cluster", lang, name=cluster_name), className="sub-heading"),
                  html.Ul([boundary_item(b, definitions[b.current.code], lang) for b in cluster],
                          className="boundary-list")]
    return parts


# ---------------------------------------------------------------------------------------------
# The diagnostic indicators


def _agreement(reviewed: ReviewedIndicator, lang: str) -> str | None:
    r = reviewed.current
    if r.reference_agreed_on is None:
        return None
    return t("indicator.agreed", lang, date=formatting.date(r.reference_agreed_on, lang),
             parties=", ".join(r.reference_parties))


def indicator_card(reviewed: ReviewedIndicator, shown: Shown, definition: IndicatorDef,
                   series, texts: list[str], quarter: str, compare: str | None, lang: str) -> html.Article:
    """One card: value, reference point, difference, movement, sparkline, and on expanding the
    explanation and who agreed the reference point when."""
    agreement = _agreement(reviewed, lang)
    reference = (html.Span(indicator_value(shown.reference, shown.unit, lang), className="num",
                           title=agreement or "")
                 if shown.reference is not None
                 else html.Span(t("indicator.no_reference", lang), className="muted"))
    since = (t("indicator.since", lang, quarter=formatting.quarter_label(compare, lang))
             if compare else t("indicator.since_previous", lang))
    if shown.movement:
        difference = None if shown.value is None or shown.compared is None \
            else shown.value - shown.compared
        movement = [html.Span(f"{figures.MOVEMENT_MARKS[shown.movement]} "
                              f"{indicator_change(difference, shown.unit, lang)}", className="num"),
                    " ", since.lower() if lang == "nl" else since,
                    html.Span(" (" + t("indicator.was", lang, value=shown.compared_text) + ")",
                              className="muted")]
    else:
        movement = [since, ": ", html.Span(formatting.MISSING, className="muted")]
    value_line = [html.Span(shown.value_text, className="indicator-value num")]
    if reviewed.is_frozen:
        value_line.append(html.Span(" " + t("indicator.frozen", lang), className="muted"))
    facts = [
        html.Dt(t("indicator.reference", lang)), html.Dd(reference),
        html.Dt(t("indicator.deviation", lang)),
        html.Dd(html.Span(indicator_change(shown.deviation, shown.unit, lang), className="num")),
    ]
    about = [html.P(definition.explanation(lang))]
    if agreement:
        about.append(html.P(agreement))
    points = ", ".join(f"{formatting.quarter_label(q, lang)} {text}"
                       for (q, _), text in zip(series, texts))
    trend_label = t("indicator.trend.label", lang, name=shown.name, points=points)
    children = [
        html.H3(shown.name, className="indicator-name"),
        html.P(value_line, className="indicator-value-line"),
    ]
    if shown.restated_text:
        children.append(html.P(t("indicator.restated", lang, value=shown.restated_text),
                               className="muted small-print"))
    children += [
        html.Dl(facts, className="indicator-facts"),
        html.P(movement, className="indicator-movement"),
        html.Div(dcc.Graph(figure=figures.sparkline_figure(series, texts, lang,
                                                           reference=shown.reference,
                                                           marked=quarter),
                           config={**figures.GRAPH_CONFIG, "staticPlot": False},
                           className="sparkline"),
                 role="img", title=t("indicator.trend", lang), **{"aria-label": trend_label}),
        html.Details([html.Summary(t("indicator.about", lang)), *about],
                     className="indicator-about"),
    ]
    return html.Article(children, className="indicator-card", **{"data-code": shown.code})


# ---------------------------------------------------------------------------------------------
# The dialogue: notes, decisions, initiatives


def status_text(review: Review | None, quarter: str, lang: str) -> str:
    label = formatting.quarter_label(quarter, lang)
    if review is None:
        return t("review.status.none", lang, quarter=label)
    if review.status == "closed":
        return t("review.status.closed", lang, quarter=label, user=review.closed_by,
                 date=formatting.date(review.closed_at, lang))
    return t("review.status.draft", lang, quarter=label)


def notes_part(notes: list[Note], lang: str) -> list:
    if not notes:
        return [html.P(t("review.notes.none", lang), className="muted")]
    parts = []
    for lever in LEVERS:
        mine = [n for n in notes if n.lever == lever]
        if not mine:
            continue
        parts.append(html.H4(t(f"lever.{lever}", lang)))
        parts.append(html.Ul([
            html.Li([html.Span(t(f"note.kind.{n.kind}", lang), className=f"note-kind note-{n.kind}"),
                     " ", html.Span(n.body, className="note-body"), " ",
                     html.Span("— " + t("note.by", lang, user=n.written_by,
                                        date=formatting.date(n.written_at, lang)),
                               className="muted")],
                    className="note")
            for n in mine], className="note-list"))
    return parts


def initiatives_part(initiatives: list[Initiative], definitions: dict[str, IndicatorDef],
                     lang: str) -> list:
    if not initiatives:
        return [html.P(t("review.initiatives.none", lang), className="muted")]
    items = []
    for i in initiatives:
        body = [html.H4(i.title, className="initiative-title"),
                html.P(t("initiative.meta", lang, owner=i.owner,
                         quarter=formatting.quarter_label(i.quarter_opened, lang),
                         status=t(f"initiative.status.{i.status}", lang)), className="muted")]
        if i.responds_to and i.responds_to in definitions:
            body.append(html.P(t("initiative.responds_to", lang,
                                 name=definitions[i.responds_to].name(lang))))
        if i.description:
            body.append(html.P(i.description))
        if i.followups:
            body.append(html.Ul([
                html.Li(t("followup.line", lang, quarter=formatting.quarter_label(f.quarter, lang),
                          status=t(f"initiative.status.{f.status}", lang), user=f.written_by,
                          note=f.note))
                for f in i.followups], className="followup-list"))
        items.append(html.Li(body, className="initiative"))
    return [html.Ul(items, className="initiative-list")]


def field(component_id: str, label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component_id, id=c.label_id(component_id),
                                className="field-label"), control], className="field")


def message(text: str, *, ok: bool) -> html.P:
    return html.P(text, className="form-ok" if ok else "form-error-line", role="status")
