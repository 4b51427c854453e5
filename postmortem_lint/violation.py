"""The records rules yield and the engine returns."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    """How much a finding matters; ``off`` disables a rule."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


class Fix(NamedTuple):
    """A safe edit: replace columns ``column`` to ``end_column`` (1-based, end exclusive)
    of one line with ``text``."""

    line: int
    column: int
    end_column: int
    text: str


class Claim(StrEnum):
    """What a finding says about its region that can make other findings redundant.

    A rule declares the claims it yields to (``YIELDS_TO``); the engine drops its finding
    on a region when a reported finding makes that claim about the same region (or, for
    ``NOT_A_POSTMORTEM``, about the whole file).
    """

    NOT_A_POSTMORTEM = "not-a-postmortem"  # the file is not a postmortem at all
    MISSING = "missing"  # the region's section is missing
    EMPTY = "empty"  # the region's section has no text


class Problem(NamedTuple):
    """What a rule's ``check()`` yields: a position (1-based), a message, maybe a fix.

    ``region`` is the section the finding is about (``Section.region``, or a pack
    section's id for one the document lacks; None: the file or no section in
    particular); ``claim`` what the finding says about that region, if it is one that
    makes other findings redundant.
    """

    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    region: str | None = None
    claim: Claim | None = None
    about_file: bool = False  # about the whole file, not its line (placed on line 1)


class Violation(NamedTuple):
    """One finding in one file. Field order is the sort order. ``about_file``: the
    finding is about the whole file (a missing section, the word count), placed on line 1
    but not about line 1's text."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    level: str
    message: str
    about_file: bool = False

    def record(self) -> dict[str, str | int]:
        """The finding as the JSON formats give it: exactly its position, rule, level and
        message."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "level": self.level,
            "message": self.message,
        }
