"""Human-readable output: ``path:line:col: RULE name [level] message``, context, totals."""

from __future__ import annotations

import unicodedata

import click

from postmortem_lint.reporters import Report, Style, whole
from postmortem_lint.violation import Violation

_LEVEL_COLOR = {"error": "red", "warning": "yellow"}


def render(report: Report, style: Style) -> str:
    if style.statistics:
        return _statistics(report, style)
    return whole(Writer(style), report)


class Writer:
    """Each finding with its line as the files come, then the totals."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def part(self, report: Report) -> str:
        out: list[str] = []
        for violation in report.violations:
            out.append(_headline(violation, self.style))
            if not self.style.quiet:
                lines = report.sources.get(violation.path, [])
                out.extend(_context(violation, lines, self.style))
        return "".join(line + "\n" for line in out)

    def end(self, report: Report) -> str:
        return "" if self.style.quiet else _totals(report, self.style) + "\n"


def _headline(v: Violation, style: Style) -> str:
    where = _paint(f"{v.path}:{v.line}:{v.column}:", style, bold=True)
    rule = _paint(v.rule, style, fg=_LEVEL_COLOR.get(v.level), bold=True)
    level = _paint(f"[{v.level}]", style, fg=_LEVEL_COLOR.get(v.level))
    return f"{where} {rule} {v.name} {level} {v.message}"


_WINDOW = 120  # columns of a long source line shown around a finding
_LEAD = 40  # of them, before the finding's start


def _context(v: Violation, lines: list[str], style: Style) -> list[str]:
    if not 0 < v.line <= len(lines):
        return []
    source = lines[v.line - 1].replace("\t", " ")
    if not source.strip():
        return []
    end = v.end_column if v.end_line == v.line else len(source) + 1
    column, source, end = _window(source, v.column, end)
    before = _width(source[: column - 1])
    width = max(1, _width(source[column - 1 : min(end, len(source) + 1) - 1]))
    gutter = f"{v.line:>5} | "
    caret = " " * (len(gutter) - 2) + "| " + " " * before + "^" * width
    return [gutter + source, _paint(caret, style, fg=_LEVEL_COLOR.get(v.level))]


def _window(source: str, column: int, end: int) -> tuple[int, str, int]:
    """A long line cut to a window around the span, marked with "..." where it is cut:
    (the span's start column, the text shown, the span's end column) in that text."""
    if len(source) <= _WINDOW:
        return column, source, end
    start = max(0, column - 1 - _LEAD)
    stop = min(len(source), start + _WINDOW)
    head = "..." if start else ""
    tail = "..." if stop < len(source) else ""
    shift = start - len(head)
    return column - shift, head + source[start:stop] + tail, min(end, stop + 1) - shift


def _width(text: str) -> int:
    """Terminal columns *text* takes: wide characters (CJK, most emoji) take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _totals(report: Report, style: Style) -> str:
    errors, warnings, files = report.count("error"), report.count("warning"), len(report.files)
    text = (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} file{'s' * (files != 1)}"
    )
    if report.fixed:
        text += f" ({report.fixed} fixed)"
    return _paint(text, style, bold=True)


def _statistics(report: Report, style: Style) -> str:
    rows = [
        f"{count:>5}  {rule}  {name} [{level}]" for rule, name, level, count in report.statistics()
    ]
    rows.append(_totals(report, style))
    return "\n".join(rows) + "\n"


def _paint(text: str, style: Style, fg: str | None = None, bold: bool = False) -> str:
    return click.style(text, fg=fg, bold=bold) if style.color else text
