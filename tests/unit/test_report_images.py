"""A closed quarter's chart images are drawn once and kept (saniveld/reports/images.py)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
import sqlalchemy as sa

from saniveld import figures
from saniveld.db import engine as db
from saniveld.db import schema
from saniveld.reports import images

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _line(values) -> go.Figure:
    fig = go.Figure(go.Scatter(x=["2025-Q1", "2025-Q2", "2025-Q3"], y=values, mode="lines"))
    fig.update_layout(height=200, title="Ervaringen per 1000 inwoners")
    return fig


def _kept(engine) -> dict[str, bytes]:
    with db.connect(engine) as conn:
        t = schema.rendered_figures
        return {k: bytes(v) for k, v in conn.execute(sa.select(t.c.figure_key, t.c.image)).all()}


def test_the_key_follows_the_specification_and_the_options():
    assert images.figure_key(_line([1, 2, 3]), "png", 700, 2) == images.figure_key(_line([1, 2, 3]), "png", 700, 2)
    assert images.figure_key(_line([1, 2, 3]), "png", 700, 2) != images.figure_key(_line([1, 2, 4]), "png", 700, 2)
    assert images.figure_key(_line([1, 2, 3]), "png", 700, 2) != images.figure_key(_line([1, 2, 3]), "png", 900, 2)
    assert len(images.figure_key(_line([1]), "png", 700, 2)) == 64


def test_drawn_once_then_the_kept_image_is_used(any_engine, monkeypatch):
    with db.transaction(any_engine) as conn:
        first = images.render_kept(conn, [_line([1, 2, 3]), _line([3, 2, 1]), _line([1, 2, 3])],
                                   "png", width=400, scale=1)
    assert all(image.startswith(PNG_SIGNATURE) for image in first)
    assert first[0] == first[2]  # one specification, one image
    kept = _kept(any_engine)
    assert len(kept) == 2

    def no_drawing(*args, **kwargs):
        raise AssertionError("a kept figure was drawn again")

    monkeypatch.setattr(figures, "render", no_drawing)
    with db.transaction(any_engine) as conn:
        again = images.render_kept(conn, [_line([3, 2, 1]), _line([1, 2, 3])], "png", width=400, scale=1)
    assert again == [first[1], first[0]]
    assert _kept(any_engine) == kept


def test_an_image_kept_earlier_wins_over_a_new_drawing(any_engine):
    """The report takes what is kept, even if Chromium would draw it differently today."""
    fig = _line([5, 6, 7])
    key = images.figure_key(fig, "png", 400, 1)
    earlier = PNG_SIGNATURE + b"drawn on an earlier day"
    with db.transaction(any_engine) as conn:
        conn.execute(sa.insert(schema.rendered_figures).values(
            figure_key=key, image_format="png", image=earlier, rendered_at=sa.func.now()))
    with db.transaction(any_engine) as conn:
        assert images.render_kept(conn, [fig], "png", width=400, scale=1) == [earlier]


def test_a_rolled_back_report_keeps_nothing(any_engine):
    with pytest.raises(RuntimeError):
        with db.transaction(any_engine) as conn:
            images.render_kept(conn, [_line([8, 9, 10])], "png", width=400, scale=1)
            raise RuntimeError("the report failed after drawing")
    assert _kept(any_engine) == {}
