"""``--format github``: workflow commands, their escaping, workspace paths, groups."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.github import render, workspace_path
from postmortem_lint.violation import Violation
from tests.conftest import fixture

COMMAND = re.compile(r"::(?P<command>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)")


def unescape(text: str) -> str:
    """Undo the Actions toolkit's escaping (of messages and of property values)."""
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: chr(int(m[1], 16)), text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line as (command, properties, message), all unescaped."""
    match = COMMAND.fullmatch(line)
    assert match, line
    listed = match["properties"]
    pairs = (item.split("=", 1) for item in listed.split(",")) if listed else ()
    properties = {key: unescape(value) for key, value in pairs}
    return match["command"], properties, unescape(match["message"])


BASE = Violation("pm.md", 3, 5, 3, 9, "PM101", "outage-window", "error", "no outage window")


def violation(**changes: Any) -> Violation:
    """A finding: :data:`BASE` with *changes*."""
    return BASE._replace(**changes)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_command_per_finding_in_a_group_per_file(workspace: Path) -> None:
    report = Report(
        violations=[
            violation(path="a.md"),
            violation(
                path="a.md",
                line=7,
                end_line=9,
                rule="PM007",
                name="indented-prose",
                level="warning",
            ),
            violation(path="b.md", line=1, end_line=1, column=1, end_column=2),
        ],
        files=["a.md", "b.md", "c.md"],
    )
    assert render(report, Style()).splitlines() == [
        "::group::a.md: 1 error, 1 warning",
        "::error file=a.md,line=3,endLine=3,col=5,endColumn=9,title=PM101 outage-window::"
        "no outage window",
        "::warning file=a.md,line=7,endLine=9,title=PM007 indented-prose::no outage window",
        "::endgroup::",
        "::group::b.md: 1 error, 0 warnings",
        "::error file=b.md,line=1,endLine=1,col=1,endColumn=2,title=PM101 outage-window::"
        "no outage window",
        "::endgroup::",
        "postmortem-lint: 2 errors, 1 warning in 3 files",
    ]


def test_clean_run_and_quiet(workspace: Path) -> None:
    clean = Report(files=["a.md"])
    assert render(clean, Style()) == "postmortem-lint: 0 errors, 0 warnings in 1 file\n"
    assert render(clean, Style(quiet=True)) == ""


def test_escaping_survives_the_round_trip(workspace: Path) -> None:
    message = "100% down: users, admins\nthen 50%0A up,\r\nat 10:00 %25 ::x"
    path = "odd, name: %.md"
    out = render(Report(violations=[violation(path=path, message=message)], files=[path]), Style())
    command_line = out.splitlines()[1]
    assert "\n" not in command_line and "\r" not in command_line
    command, properties, text = parse(command_line)
    assert (command, text) == ("error", message)
    assert properties == {
        "file": path,
        "line": "3",
        "endLine": "3",
        "col": "5",
        "endColumn": "9",
        "title": "PM101 outage-window",
    }
    assert out.splitlines()[0].startswith("::group::odd, name: %25.md")


def test_paths_are_relative_to_the_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "sub").mkdir()
    assert workspace_path("./0x19-postmortem/README.md") == "0x19-postmortem/README.md"
    assert workspace_path(str(workspace / "sub" / "x.md")) == "sub/x.md"
    assert workspace_path("-") == "-"
    outside = workspace.parent / "elsewhere.md"
    assert workspace_path(str(outside)) == outside.resolve().as_posix()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.chdir(workspace / "sub")
    assert workspace_path("./x.md") == "sub/x.md"
    assert workspace_path("../y.md") == "y.md"


def test_standard_input_has_no_file_property(workspace: Path) -> None:
    out = render(Report(violations=[violation(path="-")], files=["-"]), Style())
    _, properties, _ = parse(out.splitlines()[1])
    assert "file" not in properties


def test_format_auto_is_github_in_actions_and_writes_the_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = CliRunner().invoke(cli, ["check", str(fixture("conflict.md"))], env=env)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::group::") and "::endgroup::" in lines
    commands = [parse(line) for line in lines if line.startswith(("::error", "::warning"))]
    assert any(
        properties["line"] == "12" and properties["title"] == "PM005 conflict-markers"
        for _, properties, _ in commands
    )
    assert all(not properties["file"].startswith("./") for _, properties, _ in commands)
    assert "PM005 conflict-markers" in summary.read_text(encoding="utf-8")


def test_input_errors_are_annotations_too(workspace: Path) -> None:
    (workspace / "binary.md").write_bytes(b"\xff\xfe\x00\x00junk")
    result = CliRunner().invoke(
        cli,
        ["check", "--format", "github", "missing, odd.md", "binary.md", str(fixture("clean.md"))],
    )
    assert result.exit_code == 2  # the input errors, though the good file is still linted
    errors = [parse(line) for line in result.stdout.splitlines() if line.startswith("::error")]
    assert [properties["file"] for _, properties, _ in errors] == ["missing, odd.md", "binary.md"]
    assert errors[0][2] == "no such file"
    assert "missing, odd.md: error: no such file" in result.stderr  # and still in the log
    assert "in 1 file" in result.stdout


def test_a_config_error_is_an_annotation_without_a_file(workspace: Path) -> None:
    (workspace / "bad.yaml").write_text("rules: [\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true"}
    result = CliRunner().invoke(cli, ["check", "--config", "bad.yaml", "x.md"], env=env)
    assert result.exit_code == 2
    ((command, properties, message),) = [parse(line) for line in result.stdout.splitlines()]
    assert command == "error" and "file" not in properties
    assert properties["title"] == "postmortem-lint" and "bad.yaml:2: (yaml)" in message


def test_text_output_has_no_annotations_for_errors(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "missing.md"])
    assert result.exit_code == 2 and "::error" not in result.output
