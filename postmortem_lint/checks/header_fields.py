"""The postmortem carries the header fields its pack requires (Status, Authors, Date, ...).

Why: a team's postmortems live in a repository for years; a reader arriving from a search
needs to know, before anything else, whether the document is final, whom to ask and
when it happened. Templates put these first: "Status: draft", "Owners: @ana", a table
of "| Date | 2024-03-02 |".

A field is found anywhere outside code: a line or a bold label ``Name: value``
opening a line or following a ``<br>`` or another field (``**Status**: final``, ``Status:
draft<br> Owners: @ana``; not "we asked the owner: nobody knew"), or a table row whose first
cell is the name and whose second cell has the value, or a heading naming it with the value
under it (``### Authors``, as in the SRE book's template). Each entry of ``fields`` is a name,
with other names for the same field after slashes (``Authors/Author/Owners``). A field
that is missing is reported on line 1, one finding per field; one written with nothing
after it is reported where it is. With no ``fields`` (the default; the ``alx`` pack) the
rule has nothing to check.

Fails (``fields: [Status, Authors/Owners]``)::

    # Checkout outage
    Status: final

Passes::

    # Checkout outage
    Status: final
    Owners: @ana, @tomas

Options:
  fields (words): the fields required, each a name and its other names after slashes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks.helpers import at_file
from postmortem_lint.document import Block, BlockKind, Document
from postmortem_lint.violation import Level, Problem

ID = "PM010"
NAME = "header-fields"
LEVEL = Level.WARNING
OPTIONS = {"fields": Option("words", (), "the fields required, each name/other names")}

_EMPTY = {"", "-", "_", "tbd", "n/a"}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    blocks = [block for block in doc.blocks if block.kind is not BlockKind.CODE]
    for entry in options.words("fields"):
        names = tuple(name.strip() for name in entry.split("/") if name.strip())
        if not names:
            continue
        heading = _heading(doc, names)
        found = heading if heading and heading[1] is None else _find(blocks, names) or heading
        if found is None:
            others = f" (or {', '.join(names[1:])})" if names[1:] else ""
            yield at_file(
                f"no '{names[0]}' field{others}: add a line such as '{names[0]}: ...' at the top"
            )
        elif found[1] is not None:
            yield Problem(found[1], 1, f"the '{names[0]}' field is empty: fill it in")


def _heading(doc: Document, names: tuple[str, ...]) -> tuple[str, int | None] | None:
    """A field written as a heading with its value under it (``### Authors``)."""
    wanted = {name.lower() for name in names}
    for section in doc.sections:
        if section.title.strip().lower() in wanted:
            text = " ".join(block.text for block in section.blocks).strip()
            return (text, None) if text.lower() not in _EMPTY else ("", section.line)
    return None


def _find(blocks: list[Block], names: tuple[str, ...]) -> tuple[str, int | None] | None:
    """The field's value and, when it is empty, its line; None when it is nowhere."""
    label = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    value = r"\s*:[ \t]*(?P<value>[^\n]*)"
    pattern = re.compile(  # a line or a <br> opened by the label, or a table row of it
        rf"(?:^|(?<=\s\s))(?:{label}){value}|^\s*\|\s*(?:{label})\s*\|(?P<cell>[^|\n]*)",
        re.IGNORECASE,
    )
    after = re.compile(rf"(?<=\s)(?:{label}){value}", re.IGNORECASE)  # on a line of fields
    cell = re.compile(rf"(?:{label})", re.IGNORECASE)
    empty: int | None = None
    for block in blocks:
        if block.kind is BlockKind.ROW:
            if block.cells and cell.fullmatch(block.cells[0].strip().rstrip(":")):
                value = block.cells[1].strip() if len(block.cells) > 1 else ""
                if value.lower() not in _EMPTY:
                    return value, None
                empty = empty or block.line
            continue
        for line, text in block.segments:
            matches = list(pattern.finditer(text))
            if _FIELD_LINE.match(text):  # "Status:Published Owners: ana"
                matches += after.finditer(text)
            for match in matches:
                value = _until_next_label(match.group("value") or match.group("cell") or "")
                value = value.strip()
                if value.lower() not in _EMPTY:
                    return value, None
                empty = empty or line
    return ("", empty) if empty is not None else None


_FIELD_LINE = re.compile(r"\s*\w[\w ]{0,20}:\s*\S")  # a line that opens with a field
_NEXT_LABEL = re.compile(r"\s{2,}\w[\w ]{0,20}:")  # "draft   Owners: ..." after a <br>


def _until_next_label(value: str) -> str:
    found = _NEXT_LABEL.search(value)
    return value[: found.start()] if found else value
