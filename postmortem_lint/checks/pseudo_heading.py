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
(and emoji) but not the emphasis markers, bullet, indentation or trailing colon;
``#NoSpace`` gets its space. A line with content indented under it gets no fix (below a
heading, that content would render as code).

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document, Section
from postmortem_lint.violation import Fix, Level, Problem

ID = "PM002"
NAME = "pseudo-heading"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}

_COLON = re.compile(r"^(.*?)\s*:(?=\s*(?::[a-z0-9_+-]+:\s*)*$)")
_MARKS = "*_ \t"

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
        fix = None
        if not _has_nested_content(doc, section):
            fix = Fix(section.line, 1, end, _heading(section))
        yield Problem(
            section.line,
            start + 1,
            f"'{shown}' {_WHAT[section.disguise]}; write '{'#' * section.level} {section.title}'",
            section.line,
            end,
            fix,
        )


def _heading(section: Section) -> str:
    """The line as a real heading at column 1: its words and emoji, without emphasis
    marks, bullet or trailing colon (``#NoSpace`` just gets its space)."""
    if section.disguise == "no-space":
        written = section.source.strip()
        hashes = len(written) - len(written.lstrip("#"))
        return f"{written[:hashes]} {written[hashes:]}"
    text = _COLON.sub(r"\1", section.rendered.strip(_MARKS)).strip(_MARKS)
    return f"{'#' * section.level} {text}"


def _has_nested_content(doc: Document, section: Section) -> bool:
    """Whether the next line is indented under this one (under a list item: two spaces;
    in a paragraph: four). Below a real heading that content would render as a code
    block, so no fix is offered."""
    rest = doc.lines[section.line :]
    if section.disguise == "list-item":  # an item's content may follow a blank line
        nxt = next((line for line in rest if line.strip()), "")
        return nxt.startswith(("\t", "  "))
    nxt = rest[0] if rest else ""  # a paragraph's next line; after a blank, code anyway
    return nxt.startswith(("\t", "    "))
