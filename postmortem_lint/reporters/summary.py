"""The GitHub job summary: Markdown totals per file and per rule, and a table of findings.

Each finding is located as ``path#Lline``; when ``GITHUB_SERVER_URL``,
``GITHUB_REPOSITORY`` and ``GITHUB_SHA`` are set, that is a link to the line on GitHub.
GitHub takes at most 1 MiB of summary per step, so the findings table stops at
:data:`MAX_ROWS` rows and says how many are left out.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from postmortem_lint._markdown import code, escaped
from postmortem_lint.checklist import render_markdown
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.github import tally, workspace_path
from postmortem_lint.violation import Violation

MAX_ROWS = 2000


def render(report: Report, style: Style) -> str:
    violations = report.violations
    mark = "✅" if not violations else "❌" if report.count("error") else "⚠️"
    out = [f"### {mark} postmortem-lint: {tally(violations, len(report.files))}", ""]
    levels: dict[str, list[str]] = {path: [] for path in report.files}
    for v in violations:
        levels.setdefault(v.path, []).append(v.level)
    out += ["| file | errors | warnings |", "| :-- | --: | --: |"]
    out += [
        f"| {code(workspace_path(path))} | {found.count('error')} | {found.count('warning')} |"
        for path, found in levels.items()
    ]
    if violations:
        out += ["", "| rule | level | findings |", "| :-- | :-- | --: |"]
        out += [
            f"| {rule} {name} | {level} | {n} |" for rule, name, level, n in report.statistics()
        ]
        out += ["", "| where | rule | level | message |", "| :-- | :-- | :-- | :-- |"]
        out += [
            f"| {_where(v)} | {v.rule} {v.name} | {v.level} | {escaped(v.message)} |"
            for v in violations[:MAX_ROWS]
        ]
        if len(violations) > MAX_ROWS:
            out += ["", f"{len(violations) - MAX_ROWS} more findings are not listed here."]
    ticked = render_markdown(report.checklists)  # the pack's requirements, in the job summary
    if ticked:
        out += ["", ticked.rstrip("\n")]
    return "\n".join(out) + "\n\n"


def _where(v: Violation) -> str:
    """``path#Lline``, linked to the line on GitHub when the run says where that is."""
    path = workspace_path(v.path)
    text = code(f"{path}#L{v.line}")
    server, repository, sha = (
        os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if not (server and repository and sha) or path == "-" or os.path.isabs(path):
        return text
    lines = f"L{v.line}" if v.end_line == v.line else f"L{v.line}-L{v.end_line}"
    return f"[{text}]({server}/{repository}/blob/{sha}/{quote(path)}#{lines})"
