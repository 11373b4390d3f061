"""The catalogue is complete in both languages, and every id the web code uses exists."""

import re
import string
from pathlib import Path

import flask
import pytest

from saniveld.web import i18n
from saniveld.web.i18n import t
from saniveld.web.messages import MESSAGES

WEB = Path(i18n.__file__).parent


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_dutch_and_english_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == {"nl", "en"}
    assert entry["nl"].strip() and entry["en"].strip()
    assert _placeholders(entry["nl"]) == _placeholders(entry["en"])


def _used_ids() -> tuple[set[str], set[str]]:
    """Literal ids passed to t(…), and prefixes of ids built with f-strings (t(f"role.{x}"))."""
    literal, prefixes = set(), set()
    for path in WEB.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']\s*[,)]""", source))
        prefixes |= set(re.findall(r"""\bt\(\s*f["']([a-z_]+\.)\{""", source))
        prefixes |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.)["']\s*\+""", source))
    for path in (WEB / "templates").glob("*.html"):
        source = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']\s*[,)]""", source))
        prefixes |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']\s*~""", source))
    return literal, prefixes


def test_every_message_id_used_in_the_web_code_exists():
    literal, prefixes = _used_ids()
    assert len(literal) > 50  # the scan finds the ids (a broken regex would find none)
    assert sorted(literal - set(MESSAGES)) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in MESSAGES), prefix


def test_roles_vocabularies_are_complete():
    from saniveld.db.schema import COMBO_TYPES, STREAMS, USER_ROLES

    for role in USER_ROLES:
        assert f"role.{role}" in MESSAGES
    for code in COMBO_TYPES:
        assert f"combo_type.{code}" in MESSAGES
    for code in STREAMS:
        assert f"stream.{code}" in MESSAGES


def test_t_fills_parameters_in_the_asked_language():
    assert t("app.municipality", "nl", name="Saniveld") == "Gemeente Saniveld"
    assert t("app.municipality", "en", name="Saniveld") == "Municipality of Saniveld"
    assert t("nav.review", "en") == "Quarterly review"


def test_t_on_an_unknown_id_shows_the_id_rather_than_failing():
    assert t("no.such.message", "nl") == "no.such.message"


def test_languages_default_first_and_unknown_codes_become_the_default():
    assert i18n.languages() == ("nl", "en")
    assert i18n.normalise_language("en") == "en"
    assert i18n.normalise_language("de") == "nl"
    assert i18n.normalise_language(None) == "nl"


def test_current_language_comes_from_the_cookie():
    app = flask.Flask(__name__)
    assert i18n.current_language() == "nl"  # outside a request
    with app.test_request_context(headers={"Cookie": f"{i18n.LANGUAGE_COOKIE}=en"}):
        assert i18n.current_language() == "en"
        assert t("nav.roles") == "Roles"
    with app.test_request_context(headers={"Cookie": f"{i18n.LANGUAGE_COOKIE}=xx"}):
        assert i18n.current_language() == "nl"
    with app.test_request_context():
        assert t("nav.roles") == "Rollen"
