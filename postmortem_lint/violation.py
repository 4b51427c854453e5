"""The records rules yield and the engine returns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How much a finding matters; ``off`` disables a rule."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True)
class Fix:
    """A safe edit: replace columns ``column`` to ``end_column`` (1-based, end exclusive)
    of one line with ``text``."""

    line: int
    column: int
    end_column: int
    text: str


@dataclass(frozen=True)
class Problem:
    """What a rule's ``check()`` yields: a position (1-based), a message, maybe a fix."""

    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None


@dataclass(frozen=True, order=True)
class Violation:
    """One finding in one file. Field order is the sort order."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    level: str
    message: str
