"""The agreed indicators and the beliefs, read and validated from config/*.toml.

`config/indicators.toml` holds every indicator (code, names, explanation, unit, lever, scopes)
with the history of agreed reference points (diagnostic) or the limit (boundary);
`config/beliefs.toml` holds the essence and the three leading principles. A bad file gives a
:class:`ConfigError` that names the file, the indicator and what is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from decimal import Decimal, InvalidOperation

from saniveld import settings

LEVER_KINDS = ("diagnostic", "boundary")
INDICATOR_SCOPES = ("network", "cluster")
UNITS = ("count", "percent", "ratio", "per_1000_inhabitants", "per_100_residents", "eur")
COMPARISONS = ("lt", "le", "eq")

# The codes the computations know (issue 3); the configuration must define exactly these.
KNOWN_CODES = (
    "experiences_per_1000_inhabitants",
    "experiences_per_100_residents",
    "self_or_network_share",
    "combos_active",
    "new_combos",
    "residents_supported",
    "informal_member_share",
    "experience_expert_share",
    "resource_group_share",
    "dimension_balance",
    "role_coverage",
    "role_concentration",
    "spending_rate",
    "cost_per_resident",
    "innovation_share",
    "overhead_share",
    "budget_envelope",
    "funds_to_ended_combos",
    "clusters_without_coordinator",
    "cluster_overallocation",
)


class ConfigError(ValueError):
    """A configuration file is missing something or holds a value that cannot be right."""


@dataclass(frozen=True)
class ReferencePoint:
    """One agreement (ijkpunt): a value, the day it was agreed and who agreed it."""

    value: Decimal
    agreed_on: dt.date
    parties: tuple[str, ...]
    scope: str | None = None  # None: applies to network and cluster scope


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_nl: str
    name_en: str
    explanation_nl: str
    explanation_en: str
    unit: str
    lever: str
    scopes: tuple[str, ...]
    references: tuple[ReferencePoint, ...] = ()
    limit: Decimal | None = None
    comparison: str | None = None

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl

    def explanation(self, lang: str = "nl") -> str:
        return self.explanation_en if lang == "en" else self.explanation_nl

    def reference_at(self, day: dt.date, scope: str) -> ReferencePoint | None:
        """The agreement in force on `day` for `scope`: the latest agreed on or before it."""
        in_force = [
            r for r in self.references if r.agreed_on <= day and r.scope in (None, scope)
        ]
        return max(in_force, key=lambda r: r.agreed_on) if in_force else None

    def is_breached(self, value: Decimal | None) -> bool | None:
        """Boundaries only: True when the value crosses the limit; None when there is no value."""
        if self.lever != "boundary" or value is None:
            return None
        if self.comparison == "lt":
            return not value < self.limit
        if self.comparison == "le":
            return not value <= self.limit
        return value != self.limit


@dataclass(frozen=True)
class Beliefs:
    essence_nl: str
    essence_en: str
    principles: tuple[tuple[str, str], ...]  # (nl, en), in order

    def essence(self, lang: str = "nl") -> str:
        return self.essence_en if lang == "en" else self.essence_nl

    def principle_texts(self, lang: str = "nl") -> list[str]:
        return [en if lang == "en" else nl for nl, en in self.principles]


def _decimal(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    try:
        # floats from TOML go through str() so that 0.8 stays 0.8
        number = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise ConfigError(f"{where}: {value!r} is not a finite number")
    return number


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: '{key}' is missing or empty")
    return value.strip()


def _reference(raw, where: str, scopes: tuple[str, ...]) -> ReferencePoint:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: each reference must be a table with value, agreed_on, parties")
    agreed_on = raw.get("agreed_on")
    if isinstance(agreed_on, dt.datetime) or not isinstance(agreed_on, dt.date):
        raise ConfigError(f"{where}: 'agreed_on' must be a date like 2025-01-15")
    parties = raw.get("parties")
    if (
        not isinstance(parties, list)
        or not parties
        or not all(isinstance(p, str) and p.strip() for p in parties)
    ):
        raise ConfigError(f"{where}: 'parties' must be a non-empty list of names")
    scope = raw.get("scope")
    if scope is not None and scope not in scopes:
        raise ConfigError(f"{where}: scope '{scope}' is not one of the indicator's scopes {list(scopes)}")
    unknown = set(raw) - {"value", "agreed_on", "parties", "scope"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
    return ReferencePoint(
        value=_decimal(raw.get("value"), f"{where}: value"),
        agreed_on=agreed_on,
        parties=tuple(p.strip() for p in parties),
        scope=scope,
    )


def parse_indicators(data: dict, source: str = "indicators.toml") -> list[IndicatorDef]:
    """Validate a parsed indicators file; the definitions in file order."""
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source}: no [[indicators]] entries")
    out: list[IndicatorDef] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: indicator {number}"
        code = _text(entry, "code", where)
        where = f"{source}: indicator '{code}'"
        if code in seen:
            raise ConfigError(f"{where}: code appears twice")
        if code not in KNOWN_CODES:
            raise ConfigError(f"{where}: unknown code (known: {', '.join(KNOWN_CODES)})")
        seen.add(code)
        unit = _text(entry, "unit", where)
        if unit not in UNITS:
            raise ConfigError(f"{where}: unit '{unit}' is not one of {list(UNITS)}")
        lever = _text(entry, "lever", where)
        if lever not in LEVER_KINDS:
            raise ConfigError(f"{where}: lever '{lever}' is not one of {list(LEVER_KINDS)}")
        scopes = entry.get("scopes")
        if (
            not isinstance(scopes, list)
            or not scopes
            or any(s not in INDICATOR_SCOPES for s in scopes)
            or len(set(scopes)) != len(scopes)
        ):
            raise ConfigError(f"{where}: 'scopes' must be a list drawn from {list(INDICATOR_SCOPES)}")
        references: tuple[ReferencePoint, ...] = ()
        limit = comparison = None
        if lever == "diagnostic":
            if "limit" in entry or "comparison" in entry:
                raise ConfigError(f"{where}: a diagnostic indicator has reference points, not a limit")
            raw_refs = entry.get("references", [])
            if not isinstance(raw_refs, list):
                raise ConfigError(f"{where}: 'references' must be a list")
            references = tuple(
                _reference(r, f"{where}: reference {i}", tuple(scopes))
                for i, r in enumerate(raw_refs, start=1)
            )
            keys = [(r.agreed_on, r.scope) for r in references]
            if len(set(keys)) != len(keys):
                raise ConfigError(f"{where}: two agreements on the same day for the same scope")
        else:
            if entry.get("references"):
                raise ConfigError(f"{where}: a boundary has a limit, not reference points")
            limit = _decimal(entry.get("limit"), f"{where}: limit")
            comparison = entry.get("comparison")
            if comparison not in COMPARISONS:
                raise ConfigError(f"{where}: comparison must be one of {list(COMPARISONS)}")
        out.append(
            IndicatorDef(
                code=code,
                name_nl=_text(entry, "name_nl", where),
                name_en=_text(entry, "name_en", where),
                explanation_nl=_text(entry, "explanation_nl", where),
                explanation_en=_text(entry, "explanation_en", where),
                unit=unit,
                lever=lever,
                scopes=tuple(scopes),
                references=references,
                limit=limit,
                comparison=comparison,
            )
        )
    missing = [c for c in KNOWN_CODES if c not in seen]
    if missing:
        raise ConfigError(f"{source}: indicator(s) missing: {', '.join(missing)}")
    return out


def indicator_definitions() -> list[IndicatorDef]:
    """Every indicator from config/indicators.toml, validated, in file order (parsed once per
    config folder: every computation of indicators asks for them)."""
    return list(_definitions_in(str(settings.config_dir())))


@lru_cache(maxsize=8)
def _definitions_in(folder: str) -> tuple[IndicatorDef, ...]:
    try:
        data = settings.load_config("indicators")
    except FileNotFoundError as exc:
        raise ConfigError(f"indicators.toml not found in {folder}") from exc
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"indicators.toml: {exc}") from exc
    return tuple(parse_indicators(data, str(Path(folder) / "indicators.toml")))


def indicator_definition(code: str) -> IndicatorDef:
    for definition in indicator_definitions():
        if definition.code == code:
            return definition
    raise ConfigError(f"unknown indicator '{code}'")


def parse_beliefs(data: dict, source: str = "beliefs.toml") -> Beliefs:
    essence = data.get("essence")
    if not isinstance(essence, dict):
        raise ConfigError(f"{source}: [essence] with nl and en is missing")
    principles = data.get("principles")
    if not isinstance(principles, list) or len(principles) != 3:
        raise ConfigError(f"{source}: expected exactly three [[principles]] (nl and en)")
    return Beliefs(
        essence_nl=_text(essence, "nl", f"{source}: essence"),
        essence_en=_text(essence, "en", f"{source}: essence"),
        principles=tuple(
            (_text(p, "nl", f"{source}: principle {i}"), _text(p, "en", f"{source}: principle {i}"))
            for i, p in enumerate(principles, start=1)
        ),
    )


def beliefs() -> Beliefs:
    """The essence and the three leading principles from config/beliefs.toml."""
    try:
        data = settings.load_config("beliefs")
    except FileNotFoundError as exc:
        raise ConfigError(f"beliefs.toml not found in {settings.config_dir()}") from exc
    except ValueError as exc:
        raise ConfigError(f"beliefs.toml: {exc}") from exc
    return parse_beliefs(data, str(settings.config_dir() / "beliefs.toml"))
