"""Settings: read `config/*.toml` and the environment, in one place.

Environment variables (all optional):
- ``SANIVELD_DB_URL``      database URL (else ``[database] default_path`` under the project root)
- ``SANIVELD_SECRET_KEY``  the web session secret (required when ``SANIVELD_ENV=production``)
- ``SANIVELD_ENV``         ``development`` (default) or ``production``
- ``SANIVELD_CONFIG_DIR``  another config folder (tests use this)
- ``SANIVELD_DEBUG``       ``1`` to run Dash in debug mode
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def config_dir() -> Path:
    """The folder holding settings.toml, roles.toml, indicators.toml and beliefs.toml."""
    return Path(os.environ.get("SANIVELD_CONFIG_DIR", PROJECT_ROOT / "config"))


@lru_cache(maxsize=32)
def _load_toml(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load_config(name: str) -> dict:
    """Parsed `config/<name>.toml` (cached per path)."""
    return _load_toml(str(config_dir() / f"{name}.toml"))


@dataclass(frozen=True)
class Role:
    """A carrying role (dragende rol) from config/roles.toml."""

    code: str
    name_nl: str
    name_en: str
    required_at: str  # "network" or "each_cluster"
    is_coordinator: bool = False

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


def roles() -> list[Role]:
    """The carrying roles in configuration order."""
    return [
        Role(
            code=r["code"],
            name_nl=r["name_nl"],
            name_en=r["name_en"],
            required_at=r["required_at"],
            is_coordinator=bool(r.get("coordinator", False)),
        )
        for r in load_config("roles")["roles"]
    ]


def coordinator_role_code() -> str:
    """The role code of the co-working coordinator (one per cluster)."""
    codes = [r.code for r in roles() if r.is_coordinator]
    if len(codes) != 1:
        raise ValueError("config/roles.toml must mark exactly one role with coordinator = true")
    return codes[0]


def settings() -> dict:
    """Parsed config/settings.toml."""
    return load_config("settings")


def db_url(explicit: str | None = None) -> str:
    """The database URL: ``--db``, else ``SANIVELD_DB_URL``, else the embedded DuckDB file."""
    if explicit:
        return normalise_db_url(explicit)
    env = os.environ.get("SANIVELD_DB_URL")
    if env:
        return normalise_db_url(env)
    default = settings()["database"]["default_path"]
    path = Path(default)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    return f"duckdb:///{path}"


def normalise_db_url(url: str) -> str:
    """Accept a bare file path (``data/x.duckdb``) as a DuckDB URL."""
    if "://" in url:
        return url
    return f"duckdb:///{Path(url).resolve()}"


def environment() -> str:
    return os.environ.get("SANIVELD_ENV", "development")


def trusted_proxies() -> int:
    """How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host
    (``SANIVELD_TRUSTED_PROXIES``, else ``[web] trusted_proxies``; 0: trust no such header)."""
    value = os.environ.get("SANIVELD_TRUSTED_PROXIES", settings()["web"].get("trusted_proxies", 0))
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"SANIVELD_TRUSTED_PROXIES must be a whole number, not {value!r}") from None
    if not 0 <= count <= 5:
        raise ValueError(f"SANIVELD_TRUSTED_PROXIES must lie between 0 and 5, not {count}")
    return count


def small_count_threshold() -> int:
    """Counts below this are suppressed for viewers outside the combo's cluster (CBS practice)."""
    return int(settings()["privacy"]["small_count_threshold"])
