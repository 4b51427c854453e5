"""A pack's requirements, one by one, for each file: met, not met, or not judged, with the
findings that decide it. What a grader ticks, from the same run as ``check``.

A requirement is *not met* exactly when one of its rules reported something. It is *not
judged* when none of its rules ran (off, not selected, or the pack gives them nothing to
read), when the file is not a postmortem at all, or when every section its rules read is
missing or empty (the ``sections`` requirement says so). Otherwise it is *met*.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from enum import StrEnum
from typing import NamedTuple

from postmortem_lint._markdown import code, escaped
from postmortem_lint.checks import lookup
from postmortem_lint.config import Config, Requirement
from postmortem_lint.document import Document
from postmortem_lint.violation import Violation

_STUB = "the file is not a postmortem"


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_JUDGED = "not judged"


class Tick(NamedTuple):
    """One requirement for one file."""

    requirement: Requirement
    status: Status
    findings: tuple[Violation, ...] = ()
    why: str = ""  # for not judged


class FileChecklist(NamedTuple):
    path: str
    ticks: tuple[Tick, ...]

    @property
    def passed(self) -> bool:
        """No requirement not met, and the file a postmortem at all."""
        return not self.stub and all(tick.status is not Status.NOT_MET for tick in self.ticks)

    def count(self, status: Status) -> int:
        return sum(tick.status is status for tick in self.ticks)

    @property
    def stub(self) -> bool:
        """Whether the file is not a postmortem at all."""
        return any(tick.why == _STUB for tick in self.ticks)


def evaluate(
    doc: Document,
    config: Config,
    path: str,
    found: Collection[Violation],
    select: Collection[str] = (),
    ignore: Collection[str] = (),
) -> FileChecklist:
    """The checklist of one file, from its document and the findings of its run."""
    ran = {
        rule.id
        for rule, _setting in config.enabled()
        if (not select or rule.id in select) and rule.id not in ignore
    }
    ticks = []
    for requirement in config.requirements:
        findings = tuple(v for v in found if v.rule in requirement.rules)
        ticks.append(_tick(doc, requirement, findings, ran & set(requirement.rules)))
    return FileChecklist(path, tuple(ticks))


def _tick(
    doc: Document, requirement: Requirement, findings: tuple[Violation, ...], ran: set[str]
) -> Tick:
    if findings:
        return Tick(requirement, Status.NOT_MET, findings)
    if not ran:
        return Tick(requirement, Status.NOT_JUDGED, why="its rules are off")
    if doc.stub is not None:
        return Tick(requirement, Status.NOT_JUDGED, why=_STUB)
    readable = False
    for rule_id in ran:
        rule = lookup(rule_id)
        roles = rule.roles if rule is not None else ()
        if not roles or any((s := doc.section(role)) is not None and s.words for role in roles):
            readable = True
    if not readable:
        return Tick(requirement, Status.NOT_JUDGED, why="its section is missing or empty")
    return Tick(requirement, Status.MET)


# -- output ---------------------------------------------------------------------------

_MARK = {Status.MET: "[x]", Status.NOT_MET: "[ ]", Status.NOT_JUDGED: "[-]"}


def render_text(lists: list[FileChecklist], brief: bool = False) -> str:
    """Each file's tally, then (unless *brief*) its requirements one by one."""
    out = []
    for checklist in _worst_first(lists):
        out.append(f"{checklist.path}: {_tally(checklist)}")
        if brief:
            continue
        width = max((len(tick.requirement.id) for tick in checklist.ticks), default=0)
        for tick in checklist.ticks:
            line = f"  {_MARK[tick.status]} {tick.requirement.id:<{width}}  {tick.requirement.text}"
            out.append(line + (f" (not judged: {tick.why})" if tick.why else ""))
            out.extend(f"      {v.rule} line {v.line}: {v.message}" for v in tick.findings)
    if len(lists) > 1:
        out += ["", *_summary_lines(lists)]
    return "\n".join(out) + "\n"


def _tally(checklist: FileChecklist) -> str:
    met, total = checklist.count(Status.MET), len(checklist.ticks)
    judged = total - checklist.count(Status.NOT_JUDGED)
    said = f"{met} of {total} requirements met"
    if checklist.stub:
        return said + " (not a postmortem)"
    return said + (f", {total - judged} not judged" if judged < total else "")


def _summary_lines(lists: list[FileChecklist]) -> list[str]:
    passing = sum(checklist.passed for checklist in lists)
    stubs = sum(checklist.stub for checklist in lists)
    lines = [f"{passing} of {len(lists)} files meet every requirement"]
    if stubs:
        lines[0] += f"; {stubs} {'is' if stubs == 1 else 'are'} not a postmortem at all"
    for requirement, missing, unjudged in _misses(lists):
        line = f"  {requirement.id}: not met in {missing} file{'s' * (missing != 1)}"
        lines.append(line + (f", not judged in {unjudged}" if unjudged else ""))
    return lines


def _misses(lists: list[FileChecklist]) -> list[tuple[Requirement, int, int]]:
    """Each requirement, the files that do not meet it and those not judged on it."""
    counts: dict[str, tuple[Requirement, int, int]] = {}
    for checklist in lists:
        for tick in checklist.ticks:
            requirement, missed, unjudged = counts.get(
                tick.requirement.id, (tick.requirement, 0, 0)
            )
            missed += tick.status is Status.NOT_MET
            unjudged += tick.status is Status.NOT_JUDGED
            counts[requirement.id] = (requirement, missed, unjudged)
    return sorted(counts.values(), key=lambda item: (-item[1], -item[2]))


def _worst_first(lists: list[FileChecklist]) -> list[FileChecklist]:
    """Fewest requirements met first (a file that is not a postmortem meets none)."""
    return sorted(lists, key=lambda c: (c.count(Status.MET), -c.count(Status.NOT_MET)))


def render_markdown(lists: list[FileChecklist]) -> str:
    if not lists or not any(checklist.ticks for checklist in lists):
        return ""
    passing = sum(checklist.passed for checklist in lists)
    out = ["### Requirements", "", f"{passing} of {len(lists)} files meet every requirement.", ""]
    if len(lists) > 1:
        out += ["| requirement | files not meeting it | not judged |", "| --- | --- | --- |"]
        out += [f"| {code(r.id)} {escaped(r.text)} | {n} | {u} |" for r, n, u in _misses(lists)]
        out.append("")
    for checklist in _worst_first(lists):
        out += [f"#### {code(checklist.path)}: {_tally(checklist)}", ""]
        for tick in checklist.ticks:
            said = f"**{escaped(tick.requirement.id)}**: {escaped(tick.requirement.text)}"
            if tick.status is Status.NOT_JUDGED:  # no box: neither ticked nor failed
                out.append(f"- *not judged* {said} *({tick.why})*")
            else:
                out.append(f"- [{'x' if tick.status is Status.MET else ' '}] {said}")
            out += [f"  - {v.rule} line {v.line}: {escaped(v.message)}" for v in tick.findings]
        out.append("")
    return "\n".join(out)


def render_json(lists: list[FileChecklist]) -> str:
    rows = [
        {
            "path": checklist.path,
            "passed": checklist.passed,
            "requirements": [
                {
                    "id": tick.requirement.id,
                    "text": tick.requirement.text,
                    "status": str(tick.status),
                    "findings": [
                        {"rule": v.rule, "line": v.line, "level": v.level, "message": v.message}
                        for v in tick.findings
                    ],
                }
                for tick in checklist.ticks
            ],
        }
        for checklist in lists
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


RENDER = {"text": render_text, "markdown": render_markdown, "json": render_json}
