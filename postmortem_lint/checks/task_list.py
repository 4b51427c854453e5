"""The action items (Corrective and Preventative Measures in ALX) are a list of tasks.

Why: the assignment asks for "a specific list of tasks"; a paragraph of good intentions
is not one. Each list item (``-``, ``*``, ``1.`` or a task item ``- [ ]``) in the section or
its subsections counts as a task, except labels: an item ending in a colon (``- Tasks:``),
one that groups nested items, or a bare link. Tasks inside a code block render as code and
do not count.

Fails::

    ## Corrective and Preventative Measures
    We will improve monitoring and be more careful.

Passes::

    ## Corrective and Preventative Measures
    - [ ] Add a disk-usage alert at 80% on db-01
    - [ ] Rotate Nginx logs daily with logrotate
    - [ ] Add a runbook entry for a full disk

Options:
  min-tasks (int): fewest tasks (default 3).
  prose-tasks (bool): when the section has no list or table of tasks, count each of its
    paragraphs of at least three words as one (default false; on in the team packs, whose
    authors often write follow-ups as prose).
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import CONTENT, Option, Options
from postmortem_lint.checks.helpers import at_heading, tasks
from postmortem_lint.document import BlockKind, Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM401"
NAME = "task-list"
LEVEL = Level.ERROR
OPTIONS = {
    "min-tasks": Option("int", 3, "fewest tasks"),
    "prose-tasks": Option("bool", False, "paragraphs count as tasks when nothing is listed"),
}

ROLES = (Role.ACTION_ITEMS,)
YIELDS_TO = CONTENT


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.ACTION_ITEMS)
    if section is None:
        return
    minimum = options.integer("min-tasks")
    blocks = list(section.all_blocks())
    found = tasks(section, prose=options.flag("prose-tasks"))
    if len(found) >= minimum:
        return
    message = f"'{section.title}' lists {len(found)} task{'s' if len(found) != 1 else ''}"
    message += f"; list at least {minimum}, one per line: '- [ ] Add a disk alert on db-01'"
    code = [block for block in blocks if block.kind is BlockKind.CODE and block.text.strip()]
    joined = [block for block in found if block.text.count("\n")]
    lines = [
        block for block in blocks if block.kind is BlockKind.PARAGRAPH and block.text.count("\n")
    ]
    if code:
        message += f" (the code block at line {code[0].line} renders as code, not as a list)"
    elif joined:
        runs = len(joined[0].text.splitlines())
        message += (
            f" (the item at line {joined[0].line} runs {runs} lines together: start each task "
            "with '- ')"
        )
    elif lines:
        message += f" (the lines at line {lines[0].line} are a paragraph: start each with '- ')"
    yield at_heading(section, message)
