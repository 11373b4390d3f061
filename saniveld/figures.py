"""The figures the dashboard and the reports share: plotly only (no Dash), built from the
domain's results by pure functions, so that the screen and the PDF show the same picture.

- :func:`flywheel_figure` — the resilience flywheel: aansluiten op behoeften →
  veerkracht-ervaringen → openstellen voor waarden (and round again), with the quarter's key
  indicators placed at the step they say something about.
- :func:`indicator_figure` — an indicator over (up to) eight quarters, with its reference point
  (ijkpunt, a dotted line: a point of comparison, not a target) or boundary (grens).
- :func:`sankey_figure` — the money flows of a quarter (a :class:`saniveld.money.Sankey`).
- :func:`overhead_figure` — overhead against its 15 % boundary.

Calm colours (the house blue and teal, greys). Numbers go into plotly as floats only at this
last step; every number a person reads is formatted from the Decimal by :mod:`saniveld.formatting`.
:func:`render` turns figures into PNG or SVG with kaleido and the system's Chromium.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

import plotly.graph_objects as go

from saniveld import formatting

PRIMARY = "#1b4f72"
ACCENT = "#00676d"
GREY = "#6b7785"
LIGHT = "#cfd8e1"
TEXT = "#1f2933"
WARM = "#b0855a"
FONT = '"Segoe UI", "Noto Sans", Roboto, "DejaVu Sans", Arial, sans-serif'

KIND_COLOURS = {
    "funder": "#8a6d3b",
    "fund_administrator": PRIMARY,
    "cluster": ACCENT,
    "combo": "#4c78a8",
    "combo_other": "#a0a7b0",
    "cluster_other": "#7fa8ab",
    "partner": "#7b6f9e",
    "overhead": WARM,
}

LABELS = {
    "nl": {
        "needs": "Aansluiten op<br>behoeften",
        "experiences": "Veerkracht-<br>ervaringen",
        "values": "Openstellen<br>voor waarden",
        "reference": "ijkpunt",
        "limit": "grens",
        "overhead": "Aansturing en overhead",
        "overhead_limit": "grens {limit}",
        "up": "▲", "down": "▼", "level": "▶",
    },
    "en": {
        "needs": "Connecting to<br>needs",
        "experiences": "Resilience<br>experiences",
        "values": "Opening up<br>to values",
        "reference": "reference",
        "limit": "limit",
        "overhead": "Steering and overhead",
        "overhead_limit": "limit {limit}",
        "up": "▲", "down": "▼", "level": "▶",
    },
}

# Which step of the flywheel each key indicator says something about.
FLYWHEEL_STEPS = {
    "needs": ("combos_active", "new_combos", "residents_supported"),
    "experiences": ("experiences_per_1000_inhabitants", "self_or_network_share",
                    "dimension_balance"),
    "values": ("informal_member_share", "experience_expert_share", "resource_group_share"),
}


def _label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["nl"])[key]


def _layout(**extra) -> dict:
    base = dict(
        font={"family": FONT, "color": TEXT, "size": 13},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    base.update(extra)
    return base


def _separators(lang: str) -> str:
    return ".," if lang == "en" else ",."


def _with_alpha(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# ---------------------------------------------------------------------------------------------
# The flywheel


@dataclass(frozen=True)
class KeyFigure:
    """One indicator as the flywheel shows it: its name, its value and how it moved."""

    code: str
    name: str
    value: Decimal | None
    unit: str
    movement: str | None = None  # up | down | level | None
    value_text: str | None = None  # already formatted (and suppressed, e.g. "< 10") by the caller

    def text(self, lang: str = "nl", wrap: int | None = None) -> str:
        """``name: <b>value</b> ▲``; with `wrap`, the name broken into lines of that width."""
        arrow = _label(self.movement, lang) if self.movement else ""
        value = self.value_text or formatting.indicator_value(self.value, self.unit, lang)
        name = "<br>".join(textwrap.wrap(self.name, wrap)) if wrap else self.name
        return f"{name}: <b>{value}</b> {arrow}".rstrip()


def key_figures(results: Iterable, lang: str = "nl", values: dict | None = None) -> list[KeyFigure]:
    """KeyFigures from indicator results (anything with code, name(lang), value, unit,
    movement); `values` (code → value) overrides the value shown, e.g. a frozen snapshot."""
    wanted = {code for codes in FLYWHEEL_STEPS.values() for code in codes}
    out = []
    for r in results:
        if r.code in wanted:
            value = values.get(r.code, r.value) if values else r.value
            out.append(KeyFigure(r.code, r.name(lang), value, r.unit, r.movement))
    return out


def _arc(a0: float, a1: float, radius: float, steps: int = 40) -> tuple[list[float], list[float]]:
    angles = [a0 + (a1 - a0) * i / steps for i in range(steps + 1)]
    return [radius * math.cos(a) for a in angles], [radius * math.sin(a) for a in angles]


def flywheel_figure(figures: Sequence[KeyFigure], lang: str = "nl", *,
                    width: int | None = 760, height: int = 360, centre: str | None = None) -> go.Figure:
    """The flywheel: three steps on a circle, arrows clockwise, key indicators beside each.

    The same picture on screen (``width=None``: the page sizes it) and in the PDF report.
    `centre` replaces the words in the middle (the page writes the quarter there)."""
    steps = {"experiences": 90.0, "values": -30.0, "needs": 210.0}  # degrees on the circle
    radius, gap = 1.0, 24.0  # gap: degrees left free around each step's disc
    # traces and annotations gathered first and given to the Figure at once: adding them one by
    # one validates the growing list again each time (a third of the time of a review render)
    traces, notes = [], []
    order = ["needs", "experiences", "values"]  # the direction the wheel turns
    for i, step in enumerate(order):
        start = math.radians(steps[step])
        end = math.radians(steps[order[(i + 1) % 3]])
        if end > start:
            end -= 2 * math.pi  # clockwise
        a0, a1 = start - math.radians(gap), end + math.radians(gap)
        xs, ys = _arc(a0, a1, radius)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line={"color": LIGHT, "width": 6},
                           hoverinfo="skip", showlegend=False))
        notes.append(dict(x=xs[-1], y=ys[-1], ax=xs[-4], ay=ys[-4], xref="x", yref="y",
                          axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2,
                          arrowwidth=3, arrowcolor=GREY, text=""))
    for step, degrees in steps.items():
        a = math.radians(degrees)
        x, y = radius * math.cos(a), radius * math.sin(a)
        colour = ACCENT if step == "experiences" else PRIMARY
        traces.append(dict(type="scatter", x=[x], y=[y], mode="markers", hoverinfo="skip", showlegend=False,
                           marker={"size": 96, "color": colour, "line": {"width": 0}}))
        notes.append(dict(x=x, y=y, text=f"<b>{_label(step, lang)}</b>", showarrow=False,
                          font={"color": "#ffffff", "size": 11}))
        wrap = None if step == "experiences" else 28
        lines = [kf.text(lang, wrap) for kf in figures if kf.code in FLYWHEEL_STEPS[step]]
        if not lines:
            continue
        if step == "experiences":
            pos = dict(x=0, y=y + 0.42, xanchor="center", yanchor="bottom", align="center")
        elif step == "values":
            pos = dict(x=x + 0.5, y=y, xanchor="left", yanchor="middle", align="left")
        else:
            pos = dict(x=x - 0.5, y=y, xanchor="right", yanchor="middle", align="right")
        notes.append(dict(text=("<br>" if wrap is None else "<br><br>").join(lines), showarrow=False,
                          font={"size": 12}, bgcolor="rgba(255,255,255,0.9)", **pos))
    if centre is None:
        centre = ("<b>veerkracht-<br>vliegwiel</b>" if lang != "en"
                  else "<b>resilience<br>flywheel</b>")
    notes.append(dict(x=0, y=0.05, text=centre, showarrow=False, font={"size": 13, "color": GREY}))
    layout = _layout(height=height, showlegend=False)
    if width:
        layout["width"] = width
    layout.update(annotations=notes, xaxis={"visible": False, "range": [-3.6, 3.6]},
                  yaxis={"visible": False, "range": [-1.3, 2.0], "scaleanchor": "x"})
    return go.Figure(data=traces, layout=layout)


# ---------------------------------------------------------------------------------------------
# Indicators over time


def indicator_figure(series: Sequence[tuple[str, Decimal | None]], unit: str, lang: str = "nl", *,
                     reference: Decimal | None = None, limit: Decimal | None = None,
                     height: int = 220) -> go.Figure:
    """An indicator over the quarters given (oldest first): a line with markers, the latest
    quarter marked; the reference point (ijkpunt) or the boundary (grens) as a dotted line."""
    quarters = [formatting.quarter_label(q, lang).replace("e kwartaal ", "e kw. ") for q, _ in series]
    values = [None if v is None else float(v) for _, v in series]
    texts = [formatting.indicator_value(v, unit, lang) for _, v in series]
    fig = go.Figure()
    fig.add_scatter(x=quarters, y=values, mode="lines+markers+text", text=texts,
                    textposition="top center", textfont={"size": 11, "color": GREY},
                    line={"color": PRIMARY, "width": 2}, marker={"size": 7, "color": PRIMARY},
                    customdata=texts, hovertemplate="%{x}: %{customdata}<extra></extra>",
                    showlegend=False, connectgaps=False)
    if values and values[-1] is not None:
        fig.add_scatter(x=[quarters[-1]], y=[values[-1]], mode="markers", hoverinfo="skip",
                        marker={"size": 12, "color": ACCENT}, showlegend=False)
    line_at, line_key = (reference, "reference") if reference is not None else (limit, "limit")
    if line_at is not None:
        fig.add_hline(y=float(line_at), line={"color": WARM if line_key == "limit" else GREY,
                                              "width": 1.5, "dash": "dot"})
        # the line's label sits in the right margin, clear of the points and their labels
        fig.add_annotation(x=1, xref="paper", xanchor="left", xshift=4, y=float(line_at), yref="y",
                           text=f"{_label(line_key, lang)}<br>"
                                f"{formatting.indicator_value(line_at, unit, lang)}",
                           showarrow=False, align="left", font={"size": 11, "color": GREY})
    known = [v for v in values if v is not None] + ([float(line_at)] if line_at is not None else [])
    top = max(known) if known else 1.0
    bottom = min(known + [0.0]) if known else 0.0
    span = (top - bottom) or 1.0
    fig.update_yaxes(range=[bottom, top + 0.25 * span], gridcolor="#eef2f6", zeroline=False,
                     ticksuffix=(" %" if lang != "en" else "%") if unit == "percent" else "",
                     tickprefix=("€ " if lang != "en" else "€") if unit == "eur" else "",
                     tickformat=",.0f" if unit in ("eur", "count") else "")
    fig.update_xaxes(type="category", tickfont={"size": 11})
    fig.update_layout(**_layout(height=height, separators=_separators(lang),
                                margin={"l": 10, "r": 80, "t": 14, "b": 10}))
    return fig


# ---------------------------------------------------------------------------------------------
# Money


def sankey_figure(sankey, lang: str = "nl", *, height: int | None = None) -> go.Figure:
    """The Sankey of a :class:`saniveld.money.Sankey`: amounts formatted in Dutch, colours by
    node kind."""
    colours = [KIND_COLOURS.get(k, GREY) for k in sankey.node_kinds]
    link_colours = [_with_alpha(colours[s], 0.35) for s in sankey.sources]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        valueformat=",.0f",
        node={"label": sankey.node_labels, "color": colours, "pad": 14, "thickness": 14,
              "line": {"width": 0}, "hovertemplate": "%{label}<extra></extra>"},
        link={"source": sankey.sources, "target": sankey.targets,
              "value": [float(v) for v in sankey.values], "color": link_colours,
              "customdata": [formatting.money(v, lang, cents=False) for v in sankey.values],
              "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>"},
    ))
    if height is None:
        height = max(360, min(900, 22 * len(sankey.node_codes)))
    fig.update_layout(**_layout(height=height, separators=_separators(lang)))
    return fig


def overhead_figure(share, lang: str = "nl", *, height: int = 170) -> go.Figure:
    """One horizontal bar (``share.share_percent``) with the boundary
    (``share.limit_percent``) as a dashed line."""
    value = float(share.share_percent or 0)
    limit = float(share.limit_percent)
    top = max(2 * limit, value * 1.2)
    fig = go.Figure(go.Bar(
        x=[value], y=[_label("overhead", lang)], orientation="h",
        marker={"color": PRIMARY}, width=0.5,
        text=[formatting.percent(share.share_percent, lang)], textposition="inside",
        insidetextanchor="end", textfont={"color": "#ffffff"},
        hoverinfo="skip",
    ))
    fig.add_vline(x=limit, line={"color": TEXT, "width": 2, "dash": "dash"},
                  annotation_text=_label("overhead_limit", lang).format(
                      limit=formatting.percent(limit, lang, decimals=0)),
                  annotation_position="top")
    fig.update_layout(**_layout(height=height, margin={"l": 10, "r": 30, "t": 30, "b": 30},
                                showlegend=False, separators=_separators(lang)))
    fig.update_xaxes(range=[0, top], ticksuffix=" %" if lang != "en" else "%",
                     gridcolor="#eef2f6", zeroline=False)
    fig.update_yaxes(showticklabels=False)
    return fig


# ---------------------------------------------------------------------------------------------
# Static images (reports)


def browser_path() -> str | None:
    """The Chromium kaleido drives: $BROWSER_PATH, else the system's chromium (Debian's
    /usr/bin/chromium) — never a downloaded browser."""
    found = os.environ.get("BROWSER_PATH")
    if found:
        return found
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class RenderError(RuntimeError):
    """No browser to draw the figures with, or the browser failed."""


def render(figures: Sequence[go.Figure], fmt: str = "png", *, width: int = 900,
           scale: float = 2.0) -> list[bytes]:
    """Each figure as PNG or SVG bytes, drawn by one headless Chromium (kaleido)."""
    if not figures:
        return []
    path = browser_path()
    if path is None:
        raise RenderError("Geen Chromium gevonden (zet BROWSER_PATH) / no Chromium found (set BROWSER_PATH)")
    os.environ.setdefault("BROWSER_PATH", path)
    import kaleido  # imported late: only the reports need it

    async def run() -> list[bytes]:
        out = []
        async with kaleido.Kaleido(n=1) as k:
            for fig in figures:
                height = fig.layout.height or 400
                fig_width = fig.layout.width or width
                out.append(await k.calc_fig(
                    fig, opts={"format": fmt, "width": fig_width, "height": height, "scale": scale}))
        return out

    try:
        asyncio.get_running_loop()
        inside_loop = True
    except RuntimeError:
        inside_loop = False
    try:
        if not inside_loop:
            return asyncio.run(run())
        # Called from inside an event loop (asyncio.run would refuse): a thread of our own.
        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(lambda: asyncio.run(run())).result()
    except RuntimeError as exc:
        raise RenderError(str(exc)) from exc
