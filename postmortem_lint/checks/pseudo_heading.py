"""A heading is disguised as something else and does not render as a heading.

Why: a paragraph of bold text, ``#NoSpace``, or a list item or plain line that names a
section looks like a heading to its writer but renders as ordinary text: no anchor, no
entry in the outline, and tools (and hurried graders) do not see a section there.
postmortem-lint still reads it as a section; this rule says what to write instead.

Fails::

    **Issue Summary:**
    #Timeline
    + Root Cause and Resolution:

Passes::

    ## Issue Summary
    ## Timeline
    ## Root Cause and Resolution

Fix (``--fix``): the line becomes an ATX heading at the suggested level, keeping its words
(and emoji) but not the emphasis markers, bullet or trailing colon; ``#NoSpace`` gets its
space.

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document
from postmortem_lint.violation import Fix, Level, Problem

ID = "PM002"
NAME = "pseudo-heading"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}

_BULLET = re.compile(r"^(?:[-+*]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"^([*_]{1,3})(.+?)\1(.*)$")
_COLON = re.compile(r"^(.*?)\s*:(?=\s*(?::[a-z0-9_+-]+:\s*)*$)")

_WHAT = {
    "emphasis": "is bold/italic text, not a heading",
    "list-item": "is a list item, not a heading",
    "no-space": "is not a heading: '#' needs a space after it",
    "plain": "is a plain line, not a heading",
}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    for section in doc.sections:
        if section.disguise is None:
            continue
        source = section.source
        start = len(source) - len(source.lstrip())
        shown = source.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        end = len(source.rstrip()) + 1
        yield Problem(
            section.line,
            start + 1,
            f"'{shown}' {_WHAT[section.disguise]}; write '{'#' * section.level} {section.title}'",
            section.line,
            end,
            Fix(
                section.line,
                start + 1,
                end,
                _heading(section.disguise, source.strip(), section.level),
            ),
        )


def _heading(disguise: str, written: str, level: int) -> str:
    """The line as a real heading, keeping everything written but the disguise."""
    if disguise == "no-space":
        hashes = len(written) - len(written.lstrip("#"))
        return f"{written[:hashes]} {written[hashes:]}"
    if disguise == "list-item":
        written = _BULLET.sub("", written)
    text = _EMPHASIS.sub(r"\2\3", written).strip("*_ \t")
    text = _COLON.sub(r"\1", text).strip("*_ \t")
    return f"{'#' * level} {text}"
