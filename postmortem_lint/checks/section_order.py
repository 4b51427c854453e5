"""Required sections appear in the pack's order.

Why: readers of a postmortem expect the story in a fixed order: what happened (Issue
Summary), when (Timeline), why and how it was fixed (Root Cause and Resolution), and what
comes next (Corrective and Preventative Measures). A section out of place is reported
once, naming the section it should precede.

Fails::

    ## Timeline
    ## Issue Summary

Passes::

    ## Issue Summary
    ## Timeline

Options: none; the order is that of the pack's ``sections``.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document, Section
from postmortem_lint.violation import Level, Problem

ID = "PM003"
NAME = "section-order"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    rank = doc.catalogue.rank()
    firsts: list[tuple[int, Section]] = []  # the first section of each place in the order
    seen: set[int] = set()
    for section in doc.sections:
        place = rank.get(section.key or "")
        if place is not None and place not in seen:
            seen.add(place)
            firsts.append((place, section))
    latest: tuple[int, Section] | None = None
    for place, section in firsts:
        if latest is not None and place < latest[0]:
            yield Problem(
                section.line,
                1,
                f"'{section.title}' should come before '{latest[1].title}' (line {latest[1].line})",
            )
        elif latest is None or place > latest[0]:
            latest = (place, section)
