"""Machine-readable output by file: a JSON array with one object per file linted, clean
files included, so "clean" is never mistaken for "not linted".

Each object has exactly ``path``, ``errors``, ``warnings`` and ``violations``, the last a
list of findings with the keys of ``--format json`` but ``path``; files in the order
linted.
"""

from __future__ import annotations

from typing import Any

from postmortem_lint.reporters import Items, Report, Style, whole


def render(report: Report, style: Style) -> str:
    return whole(Writer(style), report)


class Writer(Items):
    """The array's files as they come."""

    def items(self, report: Report) -> list[dict[str, Any]]:
        by_file: dict[str, list[dict[str, Any]]] = {path: [] for path in report.files}
        for violation in report.violations:
            finding: dict[str, Any] = violation.record()
            by_file.setdefault(finding.pop("path"), []).append(finding)
        return [
            {
                "path": path,
                "errors": sum(1 for f in found if f["level"] == "error"),
                "warnings": sum(1 for f in found if f["level"] == "warning"),
                "violations": found,
            }
            for path, found in by_file.items()
        ]
