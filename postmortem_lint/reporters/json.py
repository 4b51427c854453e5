"""Machine-readable output: a JSON array of findings with a stable set of keys.

Each object has exactly ``path``, ``line``, ``column``, ``end_line``, ``end_column``,
``rule``, ``name``, ``level`` and ``message``; lines and columns are 1-based, and the end
column is exclusive. With ``--statistics``: objects of ``rule``, ``name``, ``level``,
``count``.
"""

from __future__ import annotations

import json
from typing import Any

from postmortem_lint.reporters import Items, Report, Style, whole


def render(report: Report, style: Style) -> str:
    if style.statistics:
        rows = [
            {"rule": rule, "name": name, "level": level, "count": count}
            for rule, name, level, count in report.statistics()
        ]
        return json.dumps(rows, indent=2) + "\n"
    return whole(Writer(style), report)


class Writer(Items):
    """The array's findings as the files come."""

    def items(self, report: Report) -> list[dict[str, Any]]:
        return [v.record() for v in report.violations]
