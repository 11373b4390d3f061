"""config/indicators.toml and config/beliefs.toml: loading, validation, agreement history."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import levers_fixture
from saniveld import settings
from saniveld.db import engine as db
from saniveld.levers import definitions as d
from saniveld.levers import compute_indicators

CONFIG = settings.PROJECT_ROOT / "config"


def _raw() -> dict:
    with open(CONFIG / "indicators.toml", "rb") as fh:
        return tomllib.load(fh)


def _entry(data: dict, code: str) -> dict:
    return next(e for e in data["indicators"] if e["code"] == code)


def test_shipped_configuration_is_complete():
    defs = d.indicator_definitions()
    assert [x.code for x in defs] == list(d.KNOWN_CODES)
    boundaries = {x.code for x in defs if x.lever == "boundary"}
    assert boundaries == {"overhead_share", "budget_envelope", "funds_to_ended_combos",
                          "clusters_without_coordinator", "cluster_overallocation"}
    overhead = d.indicator_definition("overhead_share")
    assert overhead.limit == 15 and overhead.comparison == "lt" and overhead.scopes == ("network",)
    for x in defs:
        assert x.name_nl and x.name_en and x.explanation_nl and x.explanation_en
        if x.lever == "diagnostic":
            assert x.references, x.code
            assert all(r.parties and isinstance(r.agreed_on, dt.date) for r in x.references)


def test_beliefs_have_essence_and_three_principles():
    b = d.beliefs()
    assert "veerkracht-ervaringen" in b.essence("nl")
    assert "resilience experiences" in b.essence("en")
    assert len(b.principle_texts("nl")) == 3 and "open leiderschap" in b.principle_texts("nl")[2]


def test_reference_in_force_is_the_latest_agreed_on_or_before_the_day():
    x = d.indicator_definition("experiences_per_1000_inhabitants")  # 80 (2025-01-15), 100 (2025-07-01)
    assert x.reference_at(dt.date(2025, 1, 14), "network") is None
    assert x.reference_at(dt.date(2025, 1, 15), "network").value == 80
    assert x.reference_at(dt.date(2025, 6, 30), "network").value == 80
    assert x.reference_at(dt.date(2025, 7, 1), "network").value == 100
    combos = d.indicator_definition("combos_active")  # a network-only agreement
    assert combos.reference_at(dt.date(2026, 1, 1), "cluster") is None


@pytest.mark.parametrize(
    "value, limit, comparison, breached",
    [("14.99", "15", "lt", False), ("15", "15", "lt", True), ("10", "10", "le", False),
     ("10.01", "10", "le", True), ("0", "0", "eq", False), ("0.01", "0", "eq", True),
     (None, "0", "eq", None)],
)
def test_boundary_comparison(value, limit, comparison, breached):
    x = d.IndicatorDef("c", "n", "n", "e", "e", "eur", "boundary", ("network",),
                       limit=Decimal(limit), comparison=comparison)
    assert x.is_breached(None if value is None else Decimal(value)) is breached


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda e: e.update(unit="furlongs"), "unit"),
        (lambda e: e.update(lever="target"), "lever"),
        (lambda e: e.update(scopes=["world"]), "scopes"),
        (lambda e: e.pop("name_en"), "name_en"),
        (lambda e: e["references"][0].update(value="veel"), "not a number"),
        (lambda e: e["references"][0].update(agreed_on="gisteren"), "agreed_on"),
        (lambda e: e["references"][0].update(parties=[]), "parties"),
        (lambda e: e["references"].append(dict(e["references"][0])), "same day"),
        (lambda e: e.update(limit="3"), "not a limit"),
    ],
)
def test_bad_indicator_entry_gives_a_clear_error(change, message):
    data = _raw()
    entry = _entry(data, "experiences_per_1000_inhabitants")
    change(entry)
    with pytest.raises(d.ConfigError, match=message) as info:
        d.parse_indicators(data)
    assert "experiences_per_1000_inhabitants" in str(info.value) or "indicator 1" in str(info.value)


def test_missing_duplicate_and_unknown_codes_are_refused():
    data = _raw()
    data["indicators"] = [e for e in data["indicators"] if e["code"] != "role_coverage"]
    with pytest.raises(d.ConfigError, match="missing: role_coverage"):
        d.parse_indicators(data)
    data = _raw()
    data["indicators"].append(dict(data["indicators"][0]))
    with pytest.raises(d.ConfigError, match="twice"):
        d.parse_indicators(data)
    data = _raw()
    data["indicators"][0]["code"] = "happiness"
    with pytest.raises(d.ConfigError, match="unknown code"):
        d.parse_indicators(data)
    data = _raw()
    _entry(data, "overhead_share")["comparison"] = "about"
    with pytest.raises(d.ConfigError, match="comparison"):
        d.parse_indicators(data)


def test_bad_beliefs_are_refused():
    with pytest.raises(d.ConfigError, match="three"):
        d.parse_beliefs({"essence": {"nl": "a", "en": "b"}, "principles": [{"nl": "x", "en": "y"}]})
    with pytest.raises(d.ConfigError, match="essence"):
        d.parse_beliefs({"principles": []})


def _config_dir(tmp_path: Path, monkeypatch, indicators_text: str) -> None:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    (folder / "indicators.toml").write_text(indicators_text, encoding="utf-8")
    monkeypatch.setenv("SANIVELD_CONFIG_DIR", str(folder))


def test_a_broken_file_names_itself(tmp_path, monkeypatch):
    _config_dir(tmp_path, monkeypatch, "[[indicators]\ncode = ")
    with pytest.raises(d.ConfigError, match="indicators.toml"):
        d.indicator_definitions()


def test_agreement_history_quarter_compared_with_agreement_in_force_at_its_end(engine, tmp_path, monkeypatch):
    text = (CONFIG / "indicators.toml").read_text(encoding="utf-8")
    old = 'references = [\n  { value = "50", agreed_on = 2025-01-15'
    assert old in text
    # a new agreement on the last day of Q2 (in force for Q2), another on Q3's first day
    text = text.replace(
        old,
        'references = [\n  { value = "60", agreed_on = 2025-06-30, parties = ["Gemeente Saniveld"] },\n'
        '  { value = "70", agreed_on = 2025-07-01, parties = ["Gemeente Saniveld", "Zorgkantoor"] },\n'
        '  { value = "50", agreed_on = 2025-01-15',
        1,  # self_or_network_share is the first indicator with this agreement
    )
    _config_dir(tmp_path, monkeypatch, text)
    with db.transaction(engine) as c:
        levers_fixture.load(c)
    with db.connect(engine) as c:
        q1 = {r.code: r for r in compute_indicators(c, "2025-Q1")}["self_or_network_share"]
        q2 = {r.code: r for r in compute_indicators(c, "2025-Q2")}["self_or_network_share"]
        q3 = {r.code: r for r in compute_indicators(c, "2025-Q3", cluster="N")}["self_or_network_share"]
    assert q1.reference == 50 and q1.reference_agreed_on == dt.date(2025, 1, 15)
    assert q1.deviation == 50  # E8 self: 1 of 1 = 100 %; 100 - 50
    assert q2.reference == 60 and q2.reference_parties == ("Gemeente Saniveld",)
    assert q3.reference == 70 and q3.reference_agreed_on == dt.date(2025, 7, 1)


def test_a_config_file_is_read_once_until_the_cache_is_cleared(tmp_path, monkeypatch):

    _config_dir(tmp_path, monkeypatch, (CONFIG / "indicators.toml").read_text(encoding="utf-8"))
    first = settings.load_config("indicators")
    assert settings.load_config("indicators") is first
    (tmp_path / "config" / "indicators.toml").write_text("[[indicators]\ncode = ", encoding="utf-8")
    assert settings.load_config("indicators") is first  # not read again
    settings.clear_config_cache()
    with pytest.raises(d.ConfigError, match="indicators.toml"):
        d.indicator_definitions()
    monkeypatch.delenv("SANIVELD_CONFIG_DIR")
    assert settings.load_config("indicators") is not first  # another folder, read on its own
