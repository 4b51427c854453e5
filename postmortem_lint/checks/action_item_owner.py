"""Action items have an owner (and, where the pack asks, a ticket that tracks them).

Why: an action item nobody owns is a wish; one that no ticket tracks is forgotten once the
postmortem is filed. The Google SRE template gives every action item an Owner and a Bug.

An owner is a table column named Owner, Who, Assignee, Assigned, Responsible or DRI with
something in it, an ``@handle``, or a label such as ``Owner: Ana`` or ``(assigned to
Ana)``. A ticket is a column named Bug, Ticket, Tracking, Link, Jira or PR with something
in it, a link or a URL on the item, a key such as ``OPS-123``, ``#123``, ``b/123456`` or
``org/repo#123``. One finding per section,
with a count, on its heading. Tasks already done (``- [x]``, a row whose status says
Done) are not judged. On in the ``google-sre`` and ``pagerduty`` packs, off in ``alx`` and
``incident``.

Fails (``require-ticket: true``)::

    - Add a disk alert at 80% on db-01

Passes::

    | Action | Owner | Bug |
    | --- | --- | --- |
    | Add a disk alert at 80% on db-01 | @ana | OPS-12 |

Options:
  require-owner (bool): every action item names an owner (default true).
  require-ticket (bool): every action item points at a ticket (default false).
  prose-tasks (bool): a section with no list or table has its paragraphs judged as action
    items (default false; on in the team packs, as for task-list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint._text import on_first_use
from postmortem_lint.checks import CONTENT, Option, Options
from postmortem_lint.checks.helpers import NOT_TICKET_KEYS, TICKET, URL, at_heading, tasks
from postmortem_lint.document import Block, BlockKind, Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM403"
NAME = "action-item-owner"
LEVEL = Level.WARNING
OPTIONS = {
    "require-owner": Option("bool", True, "every action item names an owner"),
    "require-ticket": Option("bool", False, "every action item points at a ticket"),
    "prose-tasks": Option("bool", False, "paragraphs are tasks when nothing is listed"),
}
ROLES = (Role.ACTION_ITEMS,)
YIELDS_TO = CONTENT

_OWNER_COLUMN = re.compile(r"\b(?:owners?|who|assignees?|assigned|responsible|dri)\b", re.I)
_TICKET_COLUMN = re.compile(
    r"\b(?:bugs?|tickets?|tracking|links?|jira|prs?|issue (?:link|url))\b", re.I
)
_OWNER = on_first_use(
    r"(?<![\w.])@[A-Za-z0-9][\w.-]*|\b(?:owners?|assignees?|dri)\s*[:=]\s*\w|\bassigned to\s+\w",
    re.I,
)
_DONE = re.compile(r"^\s*(?:done|completed?|closed|fixed|resolved|shipped|merged)\b", re.I)
_EMPTY = ("", "-", "n/a", "na", "none", "tbd", "?")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.ACTION_ITEMS)
    if section is None:
        return
    wanted = (
        ("owner", "an owner", _owned, options.flag("require-owner")),
        ("ticket", "a ticket", _tracked, options.flag("require-ticket")),
    )
    items = [item for item in tasks(section, options.flag("prose-tasks")) if not _done(item)]
    linked = {link.line for link in doc.links}
    for noun, named, test, required in wanted:
        lacking = [item for item in items if required and not test(item, item.columns, linked)]
        if not lacking:
            continue
        first = lacking[0]
        text = first.cells[0] if first.kind is BlockKind.ROW and first.cells else first.text
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 50 else shown[:47] + "..."
        lead = (
            f"{len(lacking)} of {len(items)} action items have no {noun}"
            if len(lacking) > 1
            else f"1 action item has no {noun}"
        )
        example = (
            f"fill in the table's {noun} column for each"
            if first.kind is BlockKind.ROW
            else f"name {named} for each, e.g. '- [ ] Add a disk alert (owner: @ana, OPS-12)'"
        )
        yield at_heading(section, f"{lead} (the first: '{shown}', line {first.line}): {example}")


def _done(item: Block) -> bool:
    """A task already done: ``- [x]``, or a row whose status cell says so."""
    return item.checked or any(_DONE.match(cell) for cell in item.cells[1:])


def _cell(item: Block, columns: tuple[str, ...], pattern: re.Pattern[str]) -> bool | None:
    """Whether a row has text in a column whose header matches *pattern*; None when the
    table has no such column."""
    matching = [index for index, name in enumerate(columns) if pattern.search(name)]
    if not matching:
        return None
    cells = item.cells
    return any(i < len(cells) and cells[i].strip().lower() not in _EMPTY for i in matching)


def _owned(item: Block, columns: tuple[str, ...], linked: set[int]) -> bool:
    in_column = _cell(item, columns, _OWNER_COLUMN) if item.kind is BlockKind.ROW else None
    return bool(in_column) or _OWNER().search(item.text) is not None


def _tracked(item: Block, columns: tuple[str, ...], linked: set[int]) -> bool:
    if item.kind is BlockKind.ROW and _cell(item, columns, _TICKET_COLUMN):
        return True
    if any(item.line <= line <= item.end_line for line in linked) or URL.search(item.text):
        return True  # a link or a bare URL (to an issue, most likely) on the item
    return any(match.group("key") not in NOT_TICKET_KEYS for match in TICKET.finditer(item.text))
