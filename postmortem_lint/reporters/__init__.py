"""Output formats: one module per format, each with ``render(report, style) -> str``.

``summary`` is the Markdown report: the job summary written next to ``github`` output, and
``--format markdown`` (a grader's table of every file and rule).
"""

from __future__ import annotations

import importlib
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from json import dumps  # not `import json`: the json format module takes that name here
from types import ModuleType
from typing import Any, NamedTuple, Protocol

from postmortem_lint.checklist import FileChecklist
from postmortem_lint.violation import Violation

FORMATS = ("text", "json", "json-files", "github", "sarif", "junit", "markdown")
_MODULES = {
    **{name: name for name in FORMATS},
    "json-files": "json_files",
    "markdown": "summary",
    "summary": "summary",
}


class Style(NamedTuple):
    """How the user asked for output."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False


@dataclass(repr=False, eq=False)
class Report:
    """The result of one run: findings, files linted, and each file's lines for context."""

    violations: list[Violation] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    fixed: int = 0
    checklists: list[FileChecklist] = field(default_factory=list)  # for the job summary
    counted: dict[str, int] = field(default_factory=dict)  # per level, findings not kept

    def count(self, level: str) -> int:
        kept = sum(1 for violation in self.violations if violation.level == level)
        return self.counted.get(level, 0) + kept

    def absorb(self, part: Report, *, keep: bool = True) -> None:
        """Add *part* (the next files' report) to this one; without *keep*, only its
        files, counts and checklists (its findings were already written out)."""
        self.files.extend(part.files)
        self.fixed += part.fixed
        self.checklists.extend(part.checklists)
        if keep:
            self.violations.extend(part.violations)
            self.sources.update(part.sources)
            return
        for v in part.violations:
            self.counted[v.level] = self.counted.get(v.level, 0) + 1

    def statistics(self) -> list[tuple[str, str, str, int]]:
        """(rule, name, level, count) per rule and level, most frequent first."""
        counts: dict[tuple[str, str, str], int] = {}
        for v in self.violations:
            counts[(v.rule, v.name, v.level)] = counts.get((v.rule, v.name, v.level), 0) + 1
        return sorted(((*key, n) for key, n in counts.items()), key=lambda row: (-row[3], row[0]))


Renderer = Callable[[Report, Style], str]


class Writer(Protocol):
    """A format written as the run goes: each file's part when it is linted, then the end
    (totals, closing brackets) from the whole run's report. A module offering one defines
    ``Writer(style)``; its ``render`` is the one part and the end."""

    def part(self, report: Report) -> str: ...

    def end(self, report: Report) -> str: ...


def whole(writer: Writer, report: Report) -> str:
    """A whole run's output from a :class:`Writer`: the one part, then the end."""
    return writer.part(report) + writer.end(report)


class Items:
    """A :class:`Writer` of a JSON array, an item at a time: what ``json.dumps(...,
    indent=2)`` writes, whatever the parts. Subclasses say what a part's items are and,
    for an array inside a document, the text ``before`` it (up to its ``[``), the text
    ``after`` it (from its ``]``) and the ``depth`` of its items."""

    before = "["
    after = "]\n"
    depth = 1

    def __init__(self, style: Style) -> None:
        self.style = style
        self.written = 0

    def items(self, report: Report) -> list[dict[str, Any]]:
        raise NotImplementedError

    def part(self, report: Report) -> str:
        dumped = [dumps(item, indent=2, ensure_ascii=False) for item in self.items(report)]
        if not dumped:
            return ""
        text = ",\n".join(textwrap.indent(item, "  " * self.depth) for item in dumped)
        opening = ",\n" if self.written else self.before + "\n"
        self.written += len(dumped)
        return opening + text

    def end(self, report: Report) -> str:
        if not self.written:
            return self.before + self.after
        return "\n" + "  " * (self.depth - 1) + self.after


def streamer(name: str, style: Style) -> Writer | None:
    """Format *name*'s :class:`Writer`, or None when the format needs the whole run
    (JUnit, Markdown) or ``style`` asks for statistics."""
    if style.statistics:
        return None
    make: Callable[[Style], Writer] | None = getattr(_module(name), "Writer", None)
    return make(style) if make is not None else None


def renderer(name: str) -> Renderer:
    """The ``render`` function of format *name*, imported only when used."""
    render: Renderer = _module(name).render
    return render


def _module(name: str) -> ModuleType:
    if name not in _MODULES:
        raise ValueError(f"unknown format {name!r}")
    return importlib.import_module(f"postmortem_lint.reporters.{_MODULES[name]}")
