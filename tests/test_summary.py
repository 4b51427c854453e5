"""The GitHub job summary: totals per file and per rule, and a table of every finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style, summary
from tests.conftest import fixture
from tests.test_github import violation

REPORT = Report(
    violations=[
        violation(path="0x19-postmortem/README.md"),
        violation(path="0x19-postmortem/README.md", line=8, end_line=8, message="a | b *c*\nd"),
        violation(
            path="0x19-postmortem/README.md",
            line=20,
            end_line=22,
            rule="PM007",
            name="indented-prose",
            level="warning",
        ),
    ],
    files=["0x19-postmortem/README.md", "other/post-mortem.md"],
)


def cells(row: str) -> list[str]:
    """A Markdown table row's cells, split on the pipes that are not escaped."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty directory, without the runner variables GitHub's CI sets."""
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)


def test_counts_per_file_and_rule_and_every_finding() -> None:
    lines = summary.render(REPORT, Style()).splitlines()
    assert lines[0] == "### ❌ postmortem-lint: 2 errors, 1 warning in 2 files"
    rows = [cells(line) for line in lines if line.startswith("|")]
    assert ["`0x19-postmortem/README.md`", "2", "1"] in rows
    assert ["`other/post-mortem.md`", "0", "0"] in rows
    assert ["PM101 outage-window", "error", "2"] in rows
    assert ["PM007 indented-prose", "warning", "1"] in rows
    findings = [row for row in rows if row[0].startswith("`0x19-postmortem/README.md#L")]
    assert [row[0] for row in findings] == [
        "`0x19-postmortem/README.md#L3`",
        "`0x19-postmortem/README.md#L8`",
        "`0x19-postmortem/README.md#L20`",
    ]
    assert findings[1][1:] == ["PM101 outage-window", "error", r"a \| b \*c\* d"]


def test_locations_link_to_github_when_the_run_says_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "alice/alx-system_engineering-devops")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    out = summary.render(REPORT, Style())
    blob = "https://github.com/alice/alx-system_engineering-devops/blob/0123abc"
    assert f"[`0x19-postmortem/README.md#L3`]({blob}/0x19-postmortem/README.md#L3)" in out
    assert f"({blob}/0x19-postmortem/README.md#L20-L22)" in out


def test_clean_run_and_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = summary.render(Report(files=["a.md"]), Style())
    assert clean.startswith("### ✅ postmortem-lint: 0 errors, 0 warnings in 1 file\n")
    assert "| where |" not in clean
    monkeypatch.setattr(summary, "MAX_ROWS", 2)
    assert "1 more findings are not listed here." in summary.render(REPORT, Style())


def test_cli_appends_the_summary_after_github_output(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier step output\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(target)}
    args = ["check", "--format", "github", str(fixture("conflict.md"))]
    assert CliRunner().invoke(cli, args, env=env).exit_code == 1
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step output\n### ❌ postmortem-lint:")
    assert "conflict.md#L12`" in text and "PM005 conflict-markers" in text
