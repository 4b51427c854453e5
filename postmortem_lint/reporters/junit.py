"""JUnit XML for CI test reports (GitLab, Jenkins): a testcase per file, a failure per finding.

JUnit has no warnings, so a warning is a failure too, with ``type="warning"``. A file with
no findings is a passing testcase.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from postmortem_lint.reporters import Report, Style
from postmortem_lint.violation import Violation

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME = "postmortem-lint"


def render(report: Report, style: Style) -> str:
    found: dict[str, list[Violation]] = {path: [] for path in report.files}
    for v in report.violations:
        found.setdefault(v.path, []).append(v)
    attributes = {
        "name": _NAME,
        "tests": str(len(found)),
        "failures": str(sum(1 for violations in found.values() if violations)),
        "errors": "0",
        "skipped": "0",
    }
    suites = ET.Element("testsuites", attributes)
    suite = ET.SubElement(suites, "testsuite", attributes)
    for path, violations in found.items():
        case = ET.SubElement(
            suite, "testcase", classname=_NAME, name=_clean(path), file=_clean(path)
        )
        for v in violations:
            headline = f"{v.rule} {v.name}: {v.message}"
            failure = ET.SubElement(case, "failure", message=_clean(headline), type=v.level)
            failure.text = _clean(
                f"{v.path}:{v.line}:{v.column}: {v.rule} {v.name} [{v.level}] {v.message}"
            )
    ET.indent(suites)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{ET.tostring(suites, encoding="unicode")}\n'


def _clean(text: str) -> str:
    """*text* with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
