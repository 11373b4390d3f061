"""Settings: read `config/*.toml` and the environment, in one place.

Environment variables (all optional):
- ``SANIVELD_DB_URL``      database URL (else ``[database] default_path`` under the project root)
- ``SANIVELD_SECRET_KEY``  the web session secret (required when ``SANIVELD_ENV=production``)
- ``SANIVELD_ENV``         ``development`` (default) or ``production``
- ``SANIVELD_CONFIG_DIR``  another config folder (tests use this)
- ``SANIVELD_DEBUG``       ``1`` to run Dash in debug mode
- ``SANIVELD_DUCKDB_MEMORY_LIMIT``  memory DuckDB may use per process (``2GB``, ``1500MB``);
  default: ``[database] duckdb_memory_limit``, else the smaller of 2 GB and a quarter of the
  machine's memory. Beyond it DuckDB spills to disk.
- ``SANIVELD_TEMP_DIR``    folder for the import's workspace and DuckDB's spill files (default:
  the system's temporary folder)
"""

from __future__ import annotations

import os
import re
import tempfile
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


_configs: dict[tuple[str | None, str], dict] = {}


def load_config(name: str) -> dict:
    """Parsed `config/<name>.toml`, read once per config folder (:func:`clear_config_cache`
    reads the files again). Treat it as read-only: it is shared."""
    key = (os.environ.get("SANIVELD_CONFIG_DIR"), name)  # cheaper than building the path
    found = _configs.get(key)
    if found is None:
        found = _configs[key] = _load_toml(str(config_dir() / f"{name}.toml"))
    return found


def clear_config_cache() -> None:
    """Forget the parsed config files (a test that changes one in place)."""
    _configs.clear()
    _load_toml.cache_clear()


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


def switch_interval_ms() -> float:
    """How long (ms) one thread may run Python before the interpreter lets another run
    (:func:`sys.setswitchinterval`): ``[web] switch_interval_ms``, default 0.5.

    Python's own 5 ms hurts a threaded server whose requests wait on the database: a request
    gives up the interpreter lock for every DuckDB query and may then wait up to 5 ms to get it
    back from a thread busy building a page, once per query. With 20 clients in step at S the
    callbacks' p95 was 108-310 ms over 5 runs at 5 ms and 80-115 ms at 0.5 ms (bench/clients.py).
    """
    value = settings()["web"].get("switch_interval_ms", 0.5)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.05 <= value <= 100:
        raise ValueError(f"[web] switch_interval_ms in config/settings.toml must be a number of "
                         f"milliseconds between 0.05 and 100, not {value!r}")
    return float(value)


def small_count_threshold() -> int:
    """Counts below this are suppressed for viewers outside the combo's cluster (CBS practice)."""
    return int(settings()["privacy"]["small_count_threshold"])


_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?\s*", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_MIN_MEMORY = 64 * 2**20


def parse_size(text: str) -> int:
    """Bytes of a size such as ``2GB``, ``1.5 GiB``, ``512MB`` or ``1000000`` (bytes)."""
    match = _SIZE.fullmatch(str(text))
    if not match:
        raise ValueError(f"not a memory size: {text!r} (expected e.g. 2GB or 1500MB)")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "B").upper()])


def machine_memory() -> int:
    """Bytes of physical memory (or of the cgroup limit, when it is smaller)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            total = min(total, int(limit))
    except OSError:
        pass
    return total


def duckdb_memory_limit() -> int:
    """Bytes of memory DuckDB may use in this process (its ``memory_limit``); beyond it, it spills.

    ``SANIVELD_DUCKDB_MEMORY_LIMIT``, else ``[database] duckdb_memory_limit``, else the smaller of
    2 GB and a quarter of the machine's memory. Never below 64 MiB.
    """
    value = os.environ.get("SANIVELD_DUCKDB_MEMORY_LIMIT") or settings()["database"].get("duckdb_memory_limit")
    limit = parse_size(value) if value else min(2 * 10**9, machine_memory() // 4)
    return max(limit, _MIN_MEMORY)


def temp_dir() -> str:
    """Folder for the import's workspace and DuckDB's spill files (``SANIVELD_TEMP_DIR``)."""
    return os.environ.get("SANIVELD_TEMP_DIR") or tempfile.gettempdir()
