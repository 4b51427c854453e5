"""GitHub Actions annotations: one ``::error``/``::warning`` workflow command per finding.

Each file's findings sit in a ``::group::``; a totals line follows unless ``--quiet``.
Paths are relative to the workspace (``GITHUB_WORKSPACE``, else the current directory);
values are escaped as the Actions toolkit does, so a message may hold any character.
"""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import PurePath

from postmortem_lint.reporters import Report, Style, whole
from postmortem_lint.violation import Violation


def render(report: Report, style: Style) -> str:
    return whole(Writer(style), report)


class Writer:
    """A group of commands per file as the files come, then the totals."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def part(self, report: Report) -> str:
        out: list[str] = []
        for path, group in groupby(report.violations, key=lambda v: v.path):
            found = list(group)
            out.append(f"::group::{escape_data(workspace_path(path))}: {tally(found)}")
            out.extend(_command(v) for v in found)
            out.append("::endgroup::")
        return "".join(line + "\n" for line in out)

    def end(self, report: Report) -> str:
        if self.style.quiet:
            return ""
        errors, warnings = report.count("error"), report.count("warning")
        return f"postmortem-lint: {counts(errors, warnings, len(report.files))}\n"


def _command(v: Violation) -> str:
    properties: dict[str, object] = {}
    if v.path != "-":
        properties["file"] = workspace_path(v.path)
    properties |= {"line": v.line, "endLine": v.end_line}
    if v.end_line == v.line:
        properties |= {"col": v.column, "endColumn": v.end_column}
    properties["title"] = f"{v.rule} {v.name}"
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{v.level} {listed}::{escape_data(v.message)}"


def input_error(message: str, path: str | None = None) -> str:
    """The ``::error`` command for a file that could not be linted, or for a usage or
    configuration error (no *path*), so the run's log is not the only place it shows."""
    where = f"file={escape_property(workspace_path(path))}," if path and path != "-" else ""
    return f"::error {where}title=postmortem-lint::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str) -> str:
    """*path* (as labelled, relative to the cwd) relative to the workspace, with ``/``.

    A path outside the workspace stays absolute; ``-`` (standard input) stays ``-``.
    """
    if path == "-":
        return path
    base = os.path.realpath(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    absolute = os.path.abspath(path)
    absolute = os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive, on Windows
        relative = os.pardir
    inside = relative != os.pardir and not relative.startswith(os.pardir + os.sep)
    return PurePath(relative if inside else absolute).as_posix()


def tally(violations: list[Violation], files: int | None = None) -> str:
    """``N errors, M warnings`` and, given a file count, `` in K files``."""
    errors = sum(1 for v in violations if v.level == "error")
    return counts(errors, len(violations) - errors, files)


def counts(errors: int, warnings: int, files: int | None = None) -> str:
    """:func:`tally` from the counts."""
    text = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return text if files is None else f"{text} in {_plural(files, 'file')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
