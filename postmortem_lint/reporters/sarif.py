"""SARIF 2.1.0, as GitHub code scanning takes it: every rule described, a result per finding.

Each rule carries its documentation twice: ``help.text`` as written (reST-ish: paragraphs,
``::`` example blocks, ````literal```` spans) and ``help.markdown``, which code scanning
shows in the alert: the same paragraphs, the examples as fenced code blocks, and a link to
the rule's README section. ``properties.tags`` are "postmortem" and the rule's family,
read from the hundreds digit of its ID (PM2xx: "timeline").

Locations are relative to ``%SRCROOT%``, the workspace (``GITHUB_WORKSPACE``, else the
current directory); columns count code points. ``primaryLocationLineHash`` hashes the
rule and the finding's line text, so an alert keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from postmortem_lint import __version__
from postmortem_lint._ruledoc import help_markdown
from postmortem_lint.checks import HOME, Rule, registry
from postmortem_lint.reporters import Items, Report, Style, whole
from postmortem_lint.reporters.github import workspace_path
from postmortem_lint.violation import Violation

_DIGITS = re.compile(r"\d+")
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ROOT = "%SRCROOT%"

FAMILIES: Final[Mapping[str, str]] = {
    "0": "structure",
    "1": "summary",
    "2": "timeline",
    "3": "root-cause",
    "4": "action-items",
    "5": "writing",
    "6": "dates-and-times",
    "7": "blameless",
}
"""The tag of each rule family, by the hundreds digit of a built-in ID (``PM6xx``)."""
_FAMILY_ID = re.compile(r"PM(\d)\d\d")


def render(report: Report, style: Style) -> str:
    return whole(Writer(style), report)


class Writer(Items):
    """The log up to its results, then the results as the files come, then its end."""

    depth = 4  # log → runs → run → results → result

    def __init__(self, style: Style) -> None:
        super().__init__(style)
        self.index = {rule.id: number for number, rule in enumerate(registry())}
        self.seen: dict[tuple[str, str], int] = {}
        head, tail = _log().split(_RESULTS)
        self.before, self.after = head + _RESULTS[:-1], _RESULTS[-1] + tail + "\n"

    def items(self, report: Report) -> list[dict[str, Any]]:
        self.seen.clear()  # counts per file, and a part holds whole files
        return [_result(v, self.index[v.rule], report, self.seen) for v in report.violations]


_RESULTS = '"results": []'


def _log() -> str:
    """The log with no results (the run's last key: ``"results": []``)."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    run = {
        "tool": {
            "driver": {
                "name": "postmortem-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOME,
                "rules": [_rule(rule) for rule in registry()],
            }
        },
        "originalUriBaseIds": {_ROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    log = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)  # in strings, quotes are escaped


def _rule(rule: Rule) -> dict[str, Any]:
    uri = rule.url
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _description(rule.doc)},
        "help": {"text": rule.doc, "markdown": help_markdown(rule, uri)},
        "helpUri": uri,
        "defaultConfiguration": {"level": rule.level.value},
        "properties": {"tags": tags(rule)},
    }


def tags(rule: Rule) -> list[str]:
    """The rule's tags: "postmortem", then its family when its ID is in a family's range."""
    family = _FAMILY_ID.fullmatch(rule.id)
    if family is None or family.group(1) not in FAMILIES:
        return ["postmortem"]
    return ["postmortem", FAMILIES[family.group(1)]]


def _description(doc: str) -> str:
    """The documentation's paragraphs before its first example, each on one line."""
    paragraphs: list[str] = []
    for paragraph in doc.split("\n\n"):
        if paragraph.rstrip().endswith("::"):
            break
        paragraphs.append(" ".join(paragraph.split()))
    return "\n\n".join(paragraphs)


def _result(
    v: Violation, rule_index: int, report: Report, seen: dict[tuple[str, str], int]
) -> dict[str, Any]:
    path = workspace_path(v.path)
    artifact = (
        {"uri": Path(path).as_uri()}
        if os.path.isabs(path)
        else {"uri": quote(path), "uriBaseId": _ROOT}
    )
    region = {
        "startLine": v.line,
        "startColumn": v.column,
        "endLine": v.end_line,
        "endColumn": v.end_column,
    }
    return {
        "ruleId": v.rule,
        "ruleIndex": rule_index,
        "level": v.level,
        "message": {"text": v.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {"primaryLocationLineHash": _line_hash(v, report, seen)},
    }


def _line_hash(v: Violation, report: Report, seen: dict[tuple[str, str], int]) -> str:
    """A hash of the rule and the line's text, with ``:n`` for its n-th repeat in the file.
    A finding about the whole file hashes its message instead, numbers masked (a word
    count changes with every edit), so editing line 1 keeps its identity."""
    if v.about_file:
        text = "file\0" + _DIGITS.sub("0", v.message)
    else:
        lines = report.sources.get(v.path, [])
        text = " ".join(lines[v.line - 1].split()) if 0 < v.line <= len(lines) else ""
    digest = hashlib.sha256(f"{v.rule}\0{text}".encode()).hexdigest()[:16]
    key = (v.path, digest)
    seen[key] = seen.get(key, 0) + 1
    return f"{digest}:{seen[key]}"
