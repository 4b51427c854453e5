"""A corrective task is too short or vague to act on.

Why: "Improve monitoring" or "Be more careful" cannot be assigned, done or checked. A
concrete task names an action and its object: "Add a disk-usage alert at 80% on db-01".
A task is reported when it has fewer than ``min-words`` words, or when it is one of the
``vague-phrases`` with little else (fewer than ``min-words`` + 3 words). A task that is
only a link or a ticket key (``[org/repo#123](...)``) is written in its tracker and is not
judged here.

Fails::

    - Improve monitoring.
    - Be more careful.

Passes::

    - Add a disk-usage alert at 80% on db-01.
    - Rotate Nginx logs daily with logrotate, keeping 7 days.

Options:
  min-words (int): fewest words a task needs (default 4).
  vague-phrases (words): phrases that make a short task vague.
  prose-tasks (bool): a section with no list or table has its paragraphs judged as tasks
    (default false; on in the team packs, as for task-list).
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options, vocabulary
from postmortem_lint.checks.helpers import (
    at_span,
    phrase_pattern,
    references_only,
    task_text,
    tasks,
)
from postmortem_lint.document import Document, count_words
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM402"
NAME = "vague-task"
LEVEL = Level.WARNING
OPTIONS = {
    "min-words": Option("int", 4, "fewest words a task needs"),
    "prose-tasks": Option("bool", False, "paragraphs are tasks when nothing is listed"),
    "vague-phrases": Option(
        "words",
        vocabulary(
            "be careful, be more careful, more careful, improve monitoring, better monitoring, "
            "more monitoring, monitor better, improve testing, more testing, better testing, test "
            "more, improve communication, better communication, communicate better, improve "
            "processes, improve the process, be vigilant, pay attention, pay more attention, "
            "double check, double-check, avoid mistakes, avoid this, learn from, take care, stay "
            "alert, be proactive, best practices"
        ),
        "phrases that make a short task vague",
    ),
}

ROLES = (Role.ACTION_ITEMS,)

EXAMPLE = "'Add a disk-usage alert at 80% on db-01'"


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.ACTION_ITEMS)
    if section is None:
        return
    minimum = options.integer("min-words")
    phrases = options.words("vague-phrases")
    vague = phrase_pattern(phrases) if phrases else None
    for block in tasks(section, prose=options.flag("prose-tasks")):
        text = task_text(block)
        words = count_words(text)
        if references_only(text):
            continue
        if words >= minimum and (vague is None or words >= minimum + 3 or not vague.search(text)):
            continue
        shown = text if len(text) <= 60 else text[:57] + "..."
        reason = "too short" if words < minimum else "too vague"
        message = (
            f"task '{shown}' is {reason} to act on: name the action and what it applies to, "
            f"e.g. {EXAMPLE}"
        )
        yield at_span(doc, block, 0, len(block.text), message, section.region)
