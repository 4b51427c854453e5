"""A heading is disguised as something else and does not render as a heading.

Why: a paragraph of bold text, ``#NoSpace``, or a list item or plain line that names a
section looks like a heading to its writer but renders as ordinary text: no anchor, no
entry in the outline, and tools (and hurried graders) do not see a section there.
postmortem-lint still reads it as a section; this rule says what to write instead. It
also reports a bold label with the section's text run on after it (``**Timeline:** -
08:45 ...``), a label run on from the line above with no blank line between, a heading
swallowed by an HTML block just above it, and a title indented into a code block.

Not reported: labels that are fields of a real section (``**Root Cause:**`` under
``## Root Cause and Resolution``, ``**Duration:**`` in the summary), which need no
heading of their own.

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
``#NoSpace`` gets its space. No fix is offered where it could lose or move anything: inside
a list item, over content indented under the line (below a heading it would render as
code), on a line holding more than the disguise and its words (an inline comment, an
anchor, an image, escapes or entities), for a bold label with text after it, a heading
swallowed by HTML or an indented title.

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Disguise, Document, Section
from postmortem_lint.violation import Fix, Level, Problem

ID = "PM002"
NAME = "pseudo-heading"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}

_MARKS = "*_# \t"
_TRAILING_CODES = re.compile(r"^(.*?)((?:\s*:[a-z0-9_+-]+:)*)\s*$", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
_NOT_WORDS = re.compile(r"[*_#:;\s]+")

_NO_FIX = (
    Disguise.INLINE,
    Disguise.SWALLOWED,
    Disguise.INDENTED,
)  # the text would move, or the HTML change
_WHAT = {
    Disguise.EMPHASIS: "is bold/italic text, not a heading",
    Disguise.INLINE: "is a label with text run on after it, not a heading",
    Disguise.LIST_ITEM: "is a list item, not a heading",
    Disguise.NO_SPACE: "is not a heading: '#' needs a space after it",
    Disguise.PLAIN: "is a plain line, not a heading",
    Disguise.SWALLOWED: "renders as text: it comes right after HTML with no blank line",
    Disguise.INDENTED: "is indented 4 or more spaces and renders as code, not a heading",
}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    for section in doc.sections:
        if section.disguise is None or section.label:
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
            f"'{shown}' {_WHAT[section.disguise]}{_advice(section)}",
            section.line,
            end,
            _fix(doc, section, end),
        )


def _advice(section: Section) -> str:
    heading = f"{'#' * section.level} {section.title}"
    if section.disguise is Disguise.SWALLOWED:
        return "; put a blank line before it"
    if section.disguise is Disguise.INLINE:
        return f"; write '{heading}' on a line of its own, with the text below it"
    if section.joined:
        return f"; it runs on from the line above: write '{heading}' after a blank line"
    return f"; write '{heading}'"


def _fix(doc: Document, section: Section, end: int) -> Fix | None:
    """The line rewritten as a heading, when that loses nothing and moves nothing.

    No fix inside a list item, over content indented under the line (it would turn into
    code below a heading), or for a line holding more than the disguise and its words
    (an inline comment, an anchor, an image, escapes, entities).
    """
    if section.disguise in _NO_FIX or section.contained or _has_nested_content(doc, section):
        return None
    heading = _heading(section)
    if _bare(section.source) != _bare(heading):
        return None
    return Fix(section.line, 1, end, heading)


def _heading(section: Section) -> str:
    """The line as a real heading at column 1: its words and emoji, without emphasis
    marks, bullet, closing hashes or trailing colon."""
    if section.disguise is Disguise.NO_SPACE:
        written = section.source.strip()
        hashes = len(written) - len(written.lstrip("#"))
        return f"{written[:hashes]} {written[hashes:].rstrip('#').rstrip().rstrip(':')}"
    text = section.rendered.strip(_MARKS)
    found = _TRAILING_CODES.match(text)
    core, codes = (found.group(1), found.group(2)) if found else (text, "")
    return f"{'#' * section.level} {core.rstrip(_MARKS + ':')}{codes}"


def _bare(line: str) -> str:
    """The line without bullet, emphasis marks, hashes, colons and spaces."""
    return _NOT_WORDS.sub("", _BULLET.sub("", line))


def _has_nested_content(doc: Document, section: Section) -> bool:
    """Whether the next line is indented under this one (under a list item: two spaces;
    in a paragraph: four)."""
    rest = doc.lines[section.line :]
    if section.disguise is Disguise.LIST_ITEM:  # an item's content may follow a blank line
        nxt = next((line for line in rest if line.strip()), "")
        return nxt.startswith(("\t", "  "))
    nxt = rest[0] if rest else ""  # a paragraph's next line; after a blank, code anyway
    return nxt.startswith(("\t", "    "))
