"""The postmortem is between a minimum and a maximum number of words.

Why: the ALX assignment asks for 400 to 600 words: enough to explain, short enough to be
read. The message gives the count and how many words to add or cut.

What counts: the prose of headings, paragraphs, list items, table cells, blockquotes and
HTML text. What does not: code blocks (fenced or indented), HTML comments and tags, front
matter, URLs and image syntax. A word is a whitespace-separated token holding a letter or
digit, so ``-`` and ``|`` are not words but ``10:00`` and ``5xx`` are.

Fails: a 352-word postmortem ("352 words, 48 under the 400 minimum").

Passes: a 480-word postmortem.

Options:
  min (int): fewest words (default 400).
  max (int): most words (default 600).
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks.helpers import at_file
from postmortem_lint.checks.indented_prose import prose_words
from postmortem_lint.document import Document
from postmortem_lint.violation import Level, Problem

ID = "PM501"
NAME = "word-count"
LEVEL = Level.ERROR
OPTIONS = {
    "min": Option("int", 400, "fewest words"),
    "max": Option("int", 600, "most words"),
}


def validate(options: Options) -> str | None:
    low, high = options.integer("min"), options.integer("max")
    return f"min ({low}) is more than max ({high})" if low > high else None


def check(doc: Document, options: Options) -> Iterator[Problem]:
    low, high, words = options.integer("min"), options.integer("max"), doc.words
    unit = "word" if words == 1 else "words"
    if words < low:
        hidden = sum(prose_words(block) for block in doc.blocks)
        note = (
            f" ({hidden} more words are indented into code blocks and not counted: see PM007)"
            if hidden
            else ""
        )
        yield at_file(
            f"{words} {unit}, {low - words} under the {low} minimum: add detail to reach "
            f"{low}{note}"
        )
    elif words > high:
        yield at_file(f"{words} {unit}, {words - high} over the {high} limit: cut {words - high}")
