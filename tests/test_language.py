"""PM502 language: our own postmortems in fourteen languages are named, English ones (dense
technical prose, quotes in other languages, telegraphic notes) are not; the real corpus
(all English) gets no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_lint import lint_file, lint_text
from postmortem_lint.config import ConfigError, load
from tests.conftest import shared

LANGUAGE = Path(__file__).resolve().parent.parent / "fixtures" / "language"

NAMED = {
    "es": "reads as Spanish",
    "fr": "reads as French",
    "de": "reads as German",
    "pt": "reads as Portuguese",
    "it": "reads as Italian",
    "nl": "reads as Dutch",
    "sw": "reads as Swahili",
    "id": "reads as Indonesian",
    "tr": "reads as Turkish",
    "pl": "reads as Polish",
    "mixed-mostly-es": "reads as Spanish",
    "ru": "is in Cyrillic script",
    "ar": "is in Arabic script (Arabic)",
    "zh": "is in Han script (Chinese)",
    "hi": "is in Devanagari script (Hindi)",
}


def pm502(path: Path, config: Path | None = None) -> list[str]:
    found = lint_file(path, load(config) if config else None, select={"PM502"})
    return [v.message for v in found]


@pytest.mark.parametrize(("name", "said"), sorted(NAMED.items()))
def test_prose_in_another_language_is_named(name: str, said: str) -> None:
    (message,) = pm502(LANGUAGE / f"{name}.md")
    assert f"the prose {said}" in message and message.endswith("write it in English")


@pytest.mark.parametrize("name", ["en-technical", "en-quoted", "en-short-lines"])
def test_english_stays_quiet(name: str) -> None:
    assert pm502(LANGUAGE / f"{name}.md") == []


def test_the_packs_language_is_asked_for(tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("rules:\n  PM502: {language: es}\n")
    assert pm502(LANGUAGE / "es.md", config) == []
    (message,) = pm502(LANGUAGE / "en-technical.md", config)
    assert message.startswith("the prose reads as English, not Spanish")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("rules:\n  PM502: {language: xx}\n")
    with pytest.raises(ConfigError, match="language 'xx' is not one of en, es"):
        load(unknown)


def test_too_little_prose_is_not_judged() -> None:
    text = "## Issue Summary\n\nEl servidor falló el sábado por la mañana.\n"
    assert [v for v in lint_text(text, select={"PM502"})] == []


def test_no_finding_on_the_real_corpus() -> None:
    corpus = shared("corpus")
    found = [v for path in sorted(corpus.rglob("*.md")) for v in lint_file(path, select={"PM502"})]
    assert found == []


@pytest.mark.parametrize(
    "text",
    ["see https://status.example.com/x", "ftp://a", "www.example.com", "mail ops@example.com"],
)
def test_every_address_the_prose_drops_holds_a_mark_the_prefilter_looks_for(text: str) -> None:
    from postmortem_lint.checks import language

    assert language._URL.search(text)
    assert any(mark in text for mark in language._URL_MARKS)
