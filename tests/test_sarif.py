"""``--format sarif``: valid SARIF 2.1.0 that describes every rule and locates every finding."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from postmortem_lint import __version__
from postmortem_lint.checks import registry
from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.sarif import render
from tests.conftest import ROOT, fixture, shared
from tests.test_github import violation


def sarif_of(*paths: Path, tmp_path: Path) -> dict[str, Any]:
    output = tmp_path / "out.sarif"
    args = ["check", "--format", "sarif", "--output", str(output), *map(str, paths)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    assert result.stdout == ""
    log: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return log


def test_output_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(shared("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    names = ("conflict.md", "empty.md", "clean.md", "bold-headings.md")
    log = sarif_of(*(fixture(name) for name in names), tmp_path=tmp_path)
    assert log["runs"][0]["results"]
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(log)  # the validator does bite


def test_driver_describes_every_registered_rule(tmp_path: Path) -> None:
    driver = sarif_of(fixture("clean.md"), tmp_path=tmp_path)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("postmortem-lint", __version__)
    assert driver["informationUri"].startswith("https://")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in registry()]
    for described, rule in zip(driver["rules"], registry(), strict=True):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        assert described["fullDescription"]["text"].startswith(rule.summary)
        assert described["help"]["text"] == rule.doc
        assert described["defaultConfiguration"]["level"] == rule.level.value
        anchor = f"{rule.id.lower()}-{rule.name}"
        assert described["helpUri"] == f"{driver['informationUri']}#{anchor}"
        assert re.search(rf"^#+ {rule.id} {rule.name}$", readme, re.MULTILINE), anchor


def test_results_locate_findings_relative_to_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "0x19-postmortem").mkdir()
    target = tmp_path / "0x19-postmortem" / "README.md"
    target.write_bytes(fixture("conflict.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    run = sarif_of(Path("./0x19-postmortem/README.md"), tmp_path=tmp_path)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    result = next(r for r in run["results"] if r["ruleId"] == "PM005")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "PM005"
    assert result["level"] == "error" and "conflict" in result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "0x19-postmortem/README.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 12, "startColumn": 1, "endLine": 12, "endColumn": 13}
    assert re.fullmatch(r"[0-9a-f]{16}:1", result["partialFingerprints"]["primaryLocationLineHash"])


def test_line_hash_follows_the_text_not_the_line_number() -> None:
    lines = ["# Title", "<<<<<<< HEAD", "text", "<<<<<<< HEAD"]
    findings = [
        violation(path="a.md", line=2, end_line=2),
        violation(path="a.md", line=4, end_line=4),
    ]
    before = Report(violations=findings, files=["a.md"], sources={"a.md": lines})
    moved = [violation(path="a.md", line=3, end_line=3), violation(path="a.md", line=5, end_line=5)]
    after = Report(violations=moved, files=["a.md"], sources={"a.md": ["", *lines]})

    def hashes(report: Report) -> list[str]:
        results = json.loads(render(report, Style()))["runs"][0]["results"]
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]

    first, second = hashes(before)
    assert first.split(":")[0] == second.split(":")[0]
    assert (first[-2:], second[-2:]) == (":1", ":2")
    assert hashes(after) == [first, second]


def test_a_path_outside_the_workspace_is_an_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ws").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "ws"))
    outside = tmp_path / "other.md"
    report = Report(violations=[violation(path=str(outside))], files=[str(outside)])
    result = json.loads(render(report, Style()))["runs"][0]["results"][0]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.resolve().as_uri()}
