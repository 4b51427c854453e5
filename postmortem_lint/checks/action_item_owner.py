"""Action items have an owner (and, where the pack asks, a ticket that tracks them).

Why: an action item nobody owns is a wish; one that no ticket tracks is forgotten once the
postmortem is filed. The Google SRE template gives every action item an Owner and a Bug.

An owner is a table column named Owner, Who, Assignee or Responsible with something in it,
an ``@handle``, or a label such as ``Owner: Ana`` or ``(assigned to Ana)``. A ticket is a
column named Bug, Ticket, Issue, Tracking or Link with something in it, an issue URL, a key
such as ``OPS-123``, or ``#123``. One finding per section, on the first item lacking one,
with a count. Off in the ``alx`` pack (the assignment asks for no owners).

Fails (``require-ticket: true``)::

    - Add a disk alert at 80% on db-01

Passes::

    | Action | Owner | Bug |
    | --- | --- | --- |
    | Add a disk alert at 80% on db-01 | @ana | OPS-12 |

Options:
  require-owner (bool): every action item names an owner (default true).
  require-ticket (bool): every action item points at a ticket (default false).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import CONTENT, Option, Options
from postmortem_lint.checks.helpers import at_span, tasks
from postmortem_lint.document import Block, BlockKind, Document, Section
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM403"
NAME = "action-item-owner"
LEVEL = Level.WARNING
OPTIONS = {
    "require-owner": Option("bool", True, "every action item names an owner"),
    "require-ticket": Option("bool", False, "every action item points at a ticket"),
}
ROLES = (Role.ACTION_ITEMS,)
YIELDS_TO = CONTENT

_OWNER_COLUMN = re.compile(r"\b(?:owner|who|assignee|assigned|responsible|dri)\b", re.I)
_TICKET_COLUMN = re.compile(r"\b(?:bug|ticket|issue|tracking|link|jira|pr)\b", re.I)
_OWNER = re.compile(
    r"(?<![\w.])@[A-Za-z0-9][\w.-]*|\b(?:owner|assignee|assigned to|who|dri)\s*[:=-]?\s*\w", re.I
)
_TICKET = re.compile(
    r"https?://\S+/(?:issues|pull|browse|tickets?)/\S+|(?<![\w-])[A-Z][A-Z0-9]{1,9}-\d+\b"
    r"|(?<![\w&])#\d+\b",
)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.ACTION_ITEMS)
    if section is None:
        return
    wanted = (
        ("owner", "an owner", _owned, options.flag("require-owner")),
        ("ticket", "a ticket", _tracked, options.flag("require-ticket")),
    )
    items = tasks(section)
    columns = _columns(section)
    for noun, named, test, required in wanted:
        lacking = [item for item in items if required and not test(item, columns)]
        if not lacking:
            continue
        first = lacking[0]
        shown = first.text if len(first.text) <= 50 else first.text[:47] + "..."
        if len(lacking) > 1:
            lead = f"{len(lacking)} of {len(items)} action items have no {noun}"
        else:
            lead = f"action item '{' '.join(shown.split())}' has no {noun}"
        message = f"{lead}: name {named}, e.g. '- [ ] Add a disk alert (owner: @ana, OPS-12)'"
        yield at_span(doc, first, 0, len(first.text), message, section.region)


def _columns(section: Section) -> tuple[str, ...]:
    """The header cells of the section's action-item table, if it has one."""
    for block in section.all_blocks():
        if block.kind is BlockKind.ROW and block.header:
            return block.cells
    return ()


def _cell(item: Block, columns: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """Whether a table row has text in a column whose header matches *pattern*."""
    return any(
        pattern.search(name)
        and index < len(item.cells)
        and item.cells[index].strip() not in ("", "-")
        for index, name in enumerate(columns)
    )


def _owned(item: Block, columns: tuple[str, ...]) -> bool:
    if item.kind is BlockKind.ROW and columns:
        return _cell(item, columns, _OWNER_COLUMN)
    return _OWNER.search(item.text) is not None


def _tracked(item: Block, columns: tuple[str, ...]) -> bool:
    if item.kind is BlockKind.ROW and columns and _cell(item, columns, _TICKET_COLUMN):
        return True
    return _TICKET.search(item.text) is not None
