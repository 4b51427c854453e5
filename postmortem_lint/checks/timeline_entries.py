"""The Timeline lists at least a few entries, each a time followed by what happened.

Why: the assignment asks for a timeline of "time + short description" entries, from
detection to resolution. An entry is a list item or a table row with a time of day at
or near its start and at least two words of description (a date alone marks a day, and
``HH:mm`` is a placeholder, PM009's), a ``### 14:05`` subheading with what happened under
it, or a rendered line of a paragraph that a time opens. A timeline written as
paragraphs fails, with the form to use; so does a table whose rows were wrapped onto
lines (an editor's reflow), which renders as one paragraph.

Fails::

    ## Timeline
    The issue was noticed at 10:30 and fixed a few hours later.

Passes::

    ## Timeline
    - 10:30 UTC: monitoring alert on the 5xx rate of web-01
    - 10:42 UTC: on-call engineer starts investigating the load balancer
    - 11:15 UTC: escalated to the database team
    - 12:05 UTC: replica restarted; errors stop

Options:
  min-entries (int): fewest timed entries (default 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint import timegrammar as tg
from postmortem_lint.checks import CONTENT, Option, Options
from postmortem_lint.checks._timeline import entries as timeline_entries
from postmortem_lint.checks._timeline import timed_moment
from postmortem_lint.checks.helpers import at_heading
from postmortem_lint.document import BlockKind, Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM201"
NAME = "timeline-entries"
LEVEL = Level.ERROR
OPTIONS = {"min-entries": Option("int", 3, "fewest timed entries")}

ROLES = (Role.TIMELINE,)
YIELDS_TO = CONTENT

FORM = "'- 10:15 UTC: alert fired on web-01'"
_ROW_RULE = re.compile(r"\|\s*:?-{3,}:?\s*\|")  # a table's | --- | row run into a paragraph


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.TIMELINE)
    if section is None:
        return
    minimum = options.integer("min-entries")
    blocks = list(section.prose())
    timed = [entry for entry in timeline_entries(doc) if entry.moment.time is not None]
    entries = [
        b for b in blocks if b.kind is BlockKind.ITEM or (b.kind is BlockKind.ROW and not b.header)
    ] + [entry.block for entry in timed if entry.block.kind is BlockKind.HEADING]
    if len(timed) >= minimum:
        return
    title = f"'{section.title}'"
    wrapped = next(
        (b for b in blocks if b.kind is BlockKind.PARAGRAPH and _ROW_RULE.search(b.text)), None
    )
    if not blocks:
        message = f"{title} has no entries; list at least {minimum}, e.g. {FORM}"
    elif wrapped is not None and not entries:
        message = (
            f"{title} holds a table wrapped onto lines (line {wrapped.line}), which renders as "
            "one paragraph: put each row on a line of its own, '| 10:15 UTC | alert fired |'"
        )
    elif not entries:
        lines = [
            text
            for block in blocks
            for text in block.text.split("\n")
            if timed_moment(text, doc.date_order)
        ]
        if len(lines) >= minimum:
            message = (
                f"{title} has {len(lines)} lines led by a time but no list: start each with "
                f"'- ' so it renders as an entry, e.g. {FORM}"
            )
        else:
            times = sum(len(tg.find_moments(b.text, doc.date_order)) for b in blocks)
            told = f" with {times} times run together" if times >= minimum else ""
            message = (
                f"{title} is written as prose{told}; list at least {minimum} entries, one per "
                f"line, each a time then what happened, e.g. {FORM}"
            )
    elif len(timed) == len(entries):
        message = f"{title} lists {_entries(len(timed))}; list at least {minimum}, e.g. {FORM}"
    else:
        message = (
            f"{title}: {len(timed)} of its {_entries(len(entries))} start with a time; "
            f"at least {minimum} should, e.g. {FORM}"
        )
    yield at_heading(section, message)


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
