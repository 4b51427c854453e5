"""The prose is written in English (or the pack's ``language``).

Why: the assignment says to write in English; a team's repository has one working
language, and a reviewer may not read another. A quoted error message or a customer's
words in another language are part of an English postmortem, so the judgement is on the
document's prose as a whole, never a paragraph.

How: the prose is read without headings (students keep the assignment's English
headings), code blocks, inline code, URLs and numbers. Prose mostly in a non-Latin script
(Cyrillic, Arabic, Devanagari, Han, Kana, Hangul, Greek, Hebrew, Thai) is reported with
the script and its likely language. Latin-script prose is matched against short lists of
each language's most common words (English, Spanish, French, German, Portuguese,
Italian, Dutch, Swahili, Indonesian, Turkish, Polish): when another language's words
outnumber the expected language's, the finding names it. Prose of fewer than
``min-words`` words is not judged. One finding, on line 1.

Fails::

    ## Issue Summary
    El sábado, entre las 08:00 y las 09:40 UTC, los clientes no pudieron pagar sus pedidos.

Passes::

    ## Issue Summary
    On Saturday from 08:00 to 09:40 UTC customers could not pay for their orders.

Options:
  language (str): the language the prose must be in, a code: en (default), es, fr, de,
    pt, it, nl, sw, id, tr, pl.
  min-words (int): fewest words of prose to judge (default 60).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks.helpers import at_file
from postmortem_lint.document import Document, mask_code_spans
from postmortem_lint.violation import Claim, Level, Problem

ID = "PM502"
NAME = "language"
LEVEL = Level.ERROR
OPTIONS = {
    "language": Option("str", "en", "the language the prose must be in (a code: en, es, ...)"),
    "min-words": Option("int", 60, "fewest words of prose to judge"),
}
YIELDS_TO = (Claim.NOT_A_POSTMORTEM,)

_ENOUGH = 1500  # characters of prose read: some 250 words, enough to know the language
_URL = re.compile(  # URLs and addresses are no one's words; tried at word starts only (linear)
    r"(?<!\S)(?:\S*://\S*|www\.\S*|[^\s@]+@\S+)"
)
_URL_MARKS = ("://", "www.", "@")  # what any match of _URL holds
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")  # _WORD in lower-case ASCII text, with a faster scan
_BEYOND_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # letters of other scripts
_MIN_SHARE = 0.1  # another language's common words must make up this much of the prose
_NON_LATIN = 0.5  # a script other than Latin holding this share of the letters


def validate(options: Options) -> str | None:
    from postmortem_lint._languages import WORDS

    code = options.text("language")
    return None if code in WORDS else f"language {code!r} is not one of {', '.join(WORDS)}"


def check(doc: Document, options: Options) -> Iterator[Problem]:
    from postmortem_lint._languages import INDEX, LANGUAGE_NAMES, SCRIPTS

    target = options.text("language")
    text = _prose(doc).lower()
    is_ascii = text.isascii()
    words = Counter((_ASCII_WORD if is_ascii else _WORD).findall(text))
    total = sum(words.values())
    if total < options.integer("min-words"):
        return
    expected = LANGUAGE_NAMES[target]
    others = [] if is_ascii else _BEYOND_LATIN.findall(text)
    if others and len(others) >= _NON_LATIN * sum(len(word) * n for word, n in words.items()):
        scripts = Counter(_script(ord(char), SCRIPTS) for char in others)
        (script, language), _count = scripts.most_common(1)[0]
        said = (
            f"the prose is in {script} script{f' ({language})' if language else ''}, not {expected}"
        )
        yield at_file(f"{said}: write it in {expected}")
        return
    hits: Counter[str] = Counter()
    for word, n in words.items():
        for code in INDEX.get(word, ()):
            hits[code] += n
    best, most = max(hits.items(), key=lambda item: item[1], default=(target, 0))
    if best == target or most < _MIN_SHARE * total or most <= hits[target]:
        return
    name = LANGUAGE_NAMES[best]
    yield Problem(
        1,
        1,
        f"the prose reads as {name}, not {expected} ({most / total:.0%} of its words are common "
        f"{name} words, {hits[target] / total:.0%} {expected}): write it in {expected}",
    )


def _script(point: int, scripts: tuple[tuple[tuple[int, int], str, str], ...]) -> tuple[str, str]:
    for (low, high), script, language in scripts:
        if low <= point <= high:
            return script, language
    return "another", ""


def _prose(doc: Document) -> str:
    """The document's first few thousand characters of prose: no headings, code, inline
    code, URLs or addresses (a language does not change halfway through a postmortem)."""
    code, size, lines = doc.code_lines, 0, []
    for number, line in enumerate(doc.lines, start=1):
        if number in code or line.lstrip(" ")[:1] == "#":
            continue
        lines.append(mask_code_spans(line))
        size += len(line)
        if size > _ENOUGH:
            break
    prose = "\n".join(lines)
    return _URL.sub(" ", prose) if any(mark in prose for mark in _URL_MARKS) else prose
