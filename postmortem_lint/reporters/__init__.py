"""Output formats: one module per format, each with ``render(report, style) -> str``.

``summary`` is the Markdown report: the job summary written next to ``github`` output, and
``--format markdown`` (a grader's table of every file and rule).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from postmortem_lint.checklist import FileChecklist
from postmortem_lint.violation import Violation

FORMATS = ("text", "json", "json-files", "github", "sarif", "junit", "markdown")
_MODULES = {
    **{name: name for name in FORMATS},
    "json-files": "json_files",
    "markdown": "summary",
    "summary": "summary",
}


@dataclass(frozen=True)
class Style:
    """How the user asked for output."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False


@dataclass
class Report:
    """The result of one run: findings, files linted, and each file's lines for context."""

    violations: list[Violation] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    fixed: int = 0
    checklists: list[FileChecklist] = field(default_factory=list)  # for the job summary

    def count(self, level: str) -> int:
        return sum(1 for violation in self.violations if violation.level == level)

    def statistics(self) -> list[tuple[str, str, str, int]]:
        """(rule, name, level, count) per rule and level, most frequent first."""
        counts: dict[tuple[str, str, str], int] = {}
        for v in self.violations:
            counts[(v.rule, v.name, v.level)] = counts.get((v.rule, v.name, v.level), 0) + 1
        return sorted(((*key, n) for key, n in counts.items()), key=lambda row: (-row[3], row[0]))


Renderer = Callable[[Report, Style], str]


def renderer(name: str) -> Renderer:
    """The ``render`` function of format *name*, imported only when used."""
    if name not in _MODULES:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"postmortem_lint.reporters.{_MODULES[name]}")
    render: Renderer = module.render
    return render
