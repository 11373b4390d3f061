"""The stylesheet keeps text readable (WCAG AA, 4.5:1) and loads nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import saniveld.web

ASSETS = Path(saniveld.web.__file__).parent / "assets"
CSS = (ASSETS / "saniveld.css").read_text(encoding="utf-8")


def _variables() -> dict[str, str]:
    return dict(re.findall(r"(--color-[a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_on_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# (text, background) pairs as the stylesheet uses them.
PAIRS = [
    ("--color-text", "#ffffff"),
    ("--color-muted", "#ffffff"),
    ("--color-primary", "#ffffff"),  # links
    ("--color-accent", "#ffffff"),
    ("#ffffff", "--color-primary"),  # menu and primary buttons
    ("#ffffff", "--color-primary-dark"),  # current and hovered menu item
    ("--color-text", "--color-surface-strong"),  # current language
    ("--color-muted", "--color-surface"),  # empty states, footer
    ("--color-error", "#fbeceb"),  # form errors
    ("#000000", "--color-focus-dark"),  # the focused skip link
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast_is_at_least_4_5(text, background):
    colours = _variables()
    ratio = contrast(colours.get(text, text), colours.get(background, background))
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_focus_ring_on_white_and_on_the_menu_is_at_least_3_to_1():
    colours = _variables()
    assert contrast(colours["--color-primary"], "#ffffff") >= 3
    assert contrast(colours["--color-focus-dark"], colours["--color-primary"]) >= 3


def test_assets_load_nothing_from_another_origin():
    for path in ASSETS.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), path.name
        assert "@import" not in text
