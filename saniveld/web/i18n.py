"""The interface in Dutch (default) and English: `t(key, lang)` and the current language.

The language lives in a cookie (:data:`LANGUAGE_COOKIE`), set by the switch in the header
(`/taal/<lang>`), so the server knows it in every request: page layouts, callbacks and the
login page all read :func:`current_language` and render every label in it. Switching reloads
the page, which is what people expect of a language switch and keeps callbacks free of a
language input.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from saniveld import settings
from saniveld.web.messages import MESSAGES

LANGUAGE_COOKIE = "saniveld_lang"

_log = logging.getLogger(__name__)


def languages() -> tuple[str, ...]:
    """The interface languages, the default first (read once per config folder: every label
    asks for them)."""
    return _languages(os.environ.get("SANIVELD_CONFIG_DIR"))


@lru_cache(maxsize=8)
def _languages(_config_folder: str | None) -> tuple[str, ...]:
    """languages() of the config folder named by SANIVELD_CONFIG_DIR (None: the default one;
    settings.config_dir() reads the same variable)."""
    web = settings.settings()["web"]
    default = web.get("default_language", "nl")
    others = [lang for lang in web.get("languages", ["nl", "en"]) if lang != default]
    return (default, *others)


def default_language() -> str:
    return languages()[0]


def normalise_language(lang: str | None) -> str:
    """A supported language code; anything else becomes the default."""
    return lang if lang in languages() else default_language()


def current_language() -> str:
    """The language of the current request (cookie), else the default; works outside requests."""
    import flask  # the web layer only; kept local so the catalogue imports without Flask

    if not flask.has_request_context():
        return default_language()
    return normalise_language(flask.request.cookies.get(LANGUAGE_COOKIE))


def t(key: str, lang: str | None = None, **params) -> str:
    """The message `key` in `lang` (default: the current language), with `{params}` filled in."""
    lang = normalise_language(lang) if lang else current_language()
    entry = MESSAGES.get(key)
    if entry is None:
        _log.warning("missing message id %r", key)
        return key
    text = entry.get(lang) or entry[default_language()]
    return text.format(**params) if params else text
