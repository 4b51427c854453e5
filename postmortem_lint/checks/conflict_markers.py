"""Git merge-conflict markers were left in the file.

Why: ``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines are what Git leaves when a merge
conflicts; committed, they show that two versions were pasted together, and ``=======``
even turns the line above it into a heading. Markers inside code blocks are ignored.

Fails::

    <<<<<<< HEAD
    ## Issue Summary
    =======
    #Issue Summary:
    >>>>>>> 36f566f

Passes: the file with one version kept and the marker lines deleted.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document
from postmortem_lint.violation import Level, Problem

ID = "PM005"
NAME = "conflict-markers"
LEVEL = Level.ERROR
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    for number in doc.conflicts:
        if number in doc.code_lines:
            continue
        line = doc.lines[number - 1]
        yield Problem(
            number,
            1,
            f"merge-conflict marker '{line[:7]}': keep one version and delete the markers",
            number,
            len(line.rstrip()) + 1,
        )
