"""``--format junit``: one testsuite, a testcase per file, a failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.junit import render
from tests.conftest import fixture
from tests.test_github import violation


def test_a_testcase_per_file_and_a_failure_per_finding() -> None:
    report = Report(
        violations=[
            violation(path="a.md"),
            violation(path="a.md", line=9, end_line=9, level="warning", rule="PM007"),
        ],
        files=["a.md", "clean.md"],
    )
    out = render(report, Style())
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    suites = ET.fromstring(out)
    assert suites.tag == "testsuites"
    (suite,) = suites
    assert suite.tag == "testsuite"
    for element in (suites, suite):
        assert element.attrib == {
            "name": "postmortem-lint",
            "tests": "2",
            "failures": "1",
            "errors": "0",
            "skipped": "0",
        }
    failing, passing = suite
    assert failing.attrib == {"classname": "postmortem-lint", "name": "a.md", "file": "a.md"}
    assert [(f.get("type"), f.get("message")) for f in failing] == [
        ("error", "PM101 outage-window: no outage window"),
        ("warning", "PM007 outage-window: no outage window"),
    ]
    assert failing[0].text == "a.md:3:5: PM101 outage-window [error] no outage window"
    assert passing.get("name") == "clean.md" and len(passing) == 0


def test_characters_xml_cannot_hold_are_replaced() -> None:
    message = "bell \x07 and form feed \x0c, tab\tkept"
    report = Report(violations=[violation(path="a.md", message=message)], files=["a.md"])
    failure = ET.fromstring(render(report, Style())).find("testsuite/testcase/failure")
    assert failure is not None
    assert (
        failure.get("message") == "PM101 outage-window: bell \ufffd and form feed \ufffd, tab\tkept"
    )


def test_cli_writes_junit_for_real_files(tmp_path: Path) -> None:
    output = tmp_path / "junit.xml"
    paths = [str(fixture("conflict.md")), str(fixture("clean.md"))]
    result = CliRunner().invoke(cli, ["check", "--format", "junit", "-o", str(output), *paths])
    assert result.exit_code == 1
    suite = ET.parse(output).getroot().find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == set(paths)
    assert any(f.get("type") == "error" for f in cases[paths[0]].iter("failure"))
    assert len(cases[paths[1]]) == 0
