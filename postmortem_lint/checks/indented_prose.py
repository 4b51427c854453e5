"""Prose is indented four or more spaces (or a tab) and renders as a code block.

Why: Markdown shows any paragraph indented by four spaces or a tab as code: monospace,
no wrapping, headings and lists inside it lost. Readers see a grey box, and the word
count (PM501) skips it, so whole sections can vanish this way.

Fails (the paragraph is indented four spaces)::

        The outage began when the primary database ran out of disk.

Passes::

    The outage began when the primary database ran out of disk.

Options:
  min-words (int): words a block needs before it counts as prose (default 6).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Block, BlockKind, Document
from postmortem_lint.violation import Level, Problem

ID = "PM007"
NAME = "indented-prose"
LEVEL = Level.WARNING
OPTIONS = {"min-words": Option("int", 6, "words a block needs before it counts as prose")}

_WORD = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")
_CODE_SIGNS = re.compile(r"[{};=<>$]|\(\)|^\s*(?:sudo|cd|ls|cat|echo|def|import|#!)\b", re.M)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    minimum = options.integer("min-words")
    for block in doc.blocks:
        words = prose_words(block, minimum)
        if not words:
            continue
        first = doc.lines[block.line - 1]
        yield Problem(
            block.line,
            1,
            f"{words} words of prose indented {_indent(first)} render as a code block "
            "and are not counted; remove the indentation",
            block.end_line,
            len(doc.lines[block.end_line - 1]) + 1,
        )


def prose_words(block: Block, minimum: int = 6) -> int:
    """Words in an indented code block that reads as prose (0 if it reads as code)."""
    if block.kind is not BlockKind.CODE or not block.indented:
        return 0
    words = _WORD.findall(block.text)
    if len(words) < minimum or len(words) < 0.7 * len(block.text.split()):
        return 0
    if len(_CODE_SIGNS.findall(block.text)) > len(block.text.splitlines()) // 3:
        return 0
    return len(words)


def _indent(line: str) -> str:
    if line.startswith("\t"):
        return "with a tab"
    return f"{len(line) - len(line.lstrip(' '))} spaces"
