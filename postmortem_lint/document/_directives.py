"""Inline comments that switch rules off: ``<!-- postmortem-lint ACTION [RULE ...] -->``."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import NamedTuple


class Action(StrEnum):
    """What an inline comment does."""

    DISABLE = "disable"
    ENABLE = "enable"
    DISABLE_NEXT_LINE = "disable-next-line"
    DISABLE_FILE = "disable-file"


class Directive(NamedTuple):
    """An inline comment ``<!-- postmortem-lint ACTION [RULE ...] [-- reason] -->``.

    ``action`` is the word written (it may be no :class:`Action`: PM008 reports that);
    ``names`` are the rules named, each with its column; none means every rule. The
    comment runs from ``line`` to ``end_line``; ``disable-next-line`` means the line after
    ``end_line``.
    """

    line: int
    column: int
    end_column: int
    action: str
    names: tuple[tuple[str, int], ...]
    end_line: int

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(name for name, _column in self.names)

    @property
    def known_action(self) -> Action | None:
        try:
            return Action(self.action)
        except ValueError:
            return None


_DIRECTIVE = re.compile(r"(?<!\\)<!--\s*postmortem-lint\b(.*?)-->", re.IGNORECASE | re.DOTALL)
_DIRECTIVE_WORD = re.compile(r"--|[A-Za-z](?:\w|-(?!-))*")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1")
_OPEN_COMMENT_LINES = 5  # how far a comment may run over lines


def mask_code_spans(line: str) -> str:
    """*line* with each inline code span blanked out (same length, so columns hold)."""
    return _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line) if "`" in line else line


def find_directives(lines: Sequence[str], code_lines: Collection[int]) -> tuple[Directive, ...]:
    """The inline comments in *lines*: real HTML comments only, not ones quoted in code (a
    block or a `span`) or escaped (``\\<!--``); a comment may run over a few lines. Words
    after ``--`` are a reason, not rule names; punctuation between names is ignored."""
    found = []
    for number, line in enumerate(lines, start=1):
        if "<!--" not in line or number in code_lines:
            continue
        visible = mask_code_spans(line)
        if "-->" not in visible[visible.find("<!--") :]:
            following = lines[number : number + _OPEN_COMMENT_LINES]
            visible = "\n".join([visible, *following])
        for match in _DIRECTIVE.finditer(visible):
            if match.start() >= len(line):
                break  # a comment opening on a later line is read there
            found.append(_directive(number, line, match))
    return tuple(found)


def _directive(number: int, line: str, match: re.Match[str]) -> Directive:
    body = match.group(1)
    words = [(w.group(0), match.start(1) + w.start() + 1) for w in _DIRECTIVE_WORD.finditer(body)]
    action = words[0][0].lower() if words else ""
    names: list[tuple[str, int]] = []
    for word, column in words[1:]:
        if word == "--":
            break
        names.append((word, column))
    end = min(match.end(), len(line)) + 1
    end_line = number + match.group(0).count("\n")
    return Directive(number, match.start() + 1, end, action, tuple(names), end_line)
