"""SARIF 2.1.0, as GitHub code scanning takes it: every rule described, a result per finding.

Locations are relative to ``%SRCROOT%``, the workspace (``GITHUB_WORKSPACE``, else the
current directory); columns count code points. ``primaryLocationLineHash`` hashes the
rule and the finding's line text, so an alert keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from postmortem_lint import __version__
from postmortem_lint.checks import Rule, registry
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.github import workspace_path
from postmortem_lint.violation import Violation

HOME = "https://github.com/postmortem-lint/postmortem-lint"
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ROOT = "%SRCROOT%"


def render(report: Report, style: Style) -> str:
    index = {rule.id: number for number, rule in enumerate(registry())}
    seen: dict[tuple[str, str], int] = {}
    results = [_result(v, index[v.rule], report, seen) for v in report.violations]
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
        "results": results,
    }
    log = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _description(rule.doc)},
        "help": {"text": rule.doc},
        "helpUri": f"{HOME}#{rule.id.lower()}-{rule.name}",
        "defaultConfiguration": {"level": rule.level.value},
    }


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
    """A hash of the rule and the line's text, with ``:n`` for its n-th repeat in the file."""
    lines = report.sources.get(v.path, [])
    text = " ".join(lines[v.line - 1].split()) if 0 < v.line <= len(lines) else ""
    digest = hashlib.sha256(f"{v.rule}\0{text}".encode()).hexdigest()[:16]
    key = (v.path, digest)
    seen[key] = seen.get(key, 0) + 1
    return f"{digest}:{seen[key]}"
