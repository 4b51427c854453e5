"""A required section has no text under its heading.

Why: a heading with nothing under it promises a part of the postmortem that is not
there; graders mark it missing all the same. Text in subsections counts; code blocks do
not.

Fails::

    ## Timeline

    ## Root Cause and Resolution

Passes::

    ## Timeline

    - 10:02 UTC: the disk alert fired on db-01

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import BlockKind, Document, Section
from postmortem_lint.violation import Claim, Level, Problem

_SEPARATOR = re.compile(r":\s")
_HEADING_TEXT = 3  # words after "Issue Summary:" in the heading itself that count as text

ID = "PM004"
NAME = "empty-section"
LEVEL = Level.ERROR
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    wanted: set[str] = set()
    for spec in doc.catalogue.required():
        wanted.add(spec.id)
        wanted.update(spec.parts)
    for section in doc.sections:
        if section.key in wanted and section.words == 0 and not _says_in_heading(section):
            indented = any(b.kind is BlockKind.CODE and b.indented for b in section.all_blocks())
            why = ": it is indented and renders as code (see PM007)" if indented else ""
            message = f"section '{section.title}' has no text{why}"
            yield Problem(section.line, 1, message, region=section.region, claim=Claim.EMPTY)


def _says_in_heading(section: Section) -> bool:
    """Whether the heading carries the text itself: "Issue Summary: 2 hours of 502s"."""
    parts = _SEPARATOR.split(section.title, maxsplit=1)
    return len(parts) == 2 and len(parts[1].split()) >= _HEADING_TEXT
