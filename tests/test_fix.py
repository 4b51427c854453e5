"""--fix: safe fixes only, written atomically, losing nothing else."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from click.testing import CliRunner

from postmortem_lint import lint_text
from postmortem_lint.cli import cli
from postmortem_lint.engine import fix_file, fix_text
from tests.conftest import fixture


def test_pseudo_headings_become_headings() -> None:
    text = (
        "# Report\n\n## Issue Summary\n\ntext\n\n**Timeline:**\n\n- a\n\n"
        "*Resolution:*  :tada:\n\n#Corrective and Preventative Measures\n"
    )
    fixed = fix_text(text)
    assert fixed.applied == 3
    assert fixed.text == (
        "# Report\n\n## Issue Summary\n\ntext\n\n## Timeline\n\n- a\n\n"
        "## Resolution  :tada:\n\n# Corrective and Preventative Measures\n"
    )
    assert [v for v in lint_text(fixed.text) if v.rule == "PM002"] == []


def test_anchor_fix_and_unfixable_anchor() -> None:
    text = "[a](#Issue Summary) [b](#nowhere)\n\n## Issue Summary\n\ntext\n"
    fixed = fix_text(text)
    assert fixed.text == "[a](#issue-summary) [b](#nowhere)\n\n## Issue Summary\n\ntext\n"
    assert [v.line for v in lint_text(fixed.text) if v.rule == "PM006"] == [1]


def test_nothing_to_fix_returns_the_text_untouched() -> None:
    text = fixture("clean.md").read_text(encoding="utf-8")
    assert fix_text(text).applied == 0 and fix_text(text).text == text


def test_select_and_inline_comments_limit_fixes() -> None:
    text = "**Timeline:**\n\n[a](#Timeline x)\n"
    assert fix_text(text, select={"PM006"}).text == text  # heading disguised: no anchor yet
    quiet = "<!-- postmortem-lint disable-next-line PM002 -->\n**Timeline:**\n"
    assert fix_text(quiet).applied == 0


def test_fix_file_keeps_bom_crlf_mode_and_every_other_byte(tmp_path: Path) -> None:
    source = fixture("bold-headings.md").read_bytes()
    path = tmp_path / "README.md"
    path.write_bytes(b"\xef\xbb\xbf" + source.replace(b"\n", b"\r\n"))
    path.chmod(0o640)
    assert fix_file(path) == 4
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.endswith(b"\r\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    before_lines = (b"\xef\xbb\xbf" + source.replace(b"\n", b"\r\n")).split(b"\r\n")
    after_lines = after.split(b"\r\n")
    assert len(before_lines) == len(after_lines)
    pairs = zip(before_lines, after_lines, strict=True)
    changed = [i + 1 for i, (a, b) in enumerate(pairs) if a != b]
    assert changed == [3, 10, 19, 32]
    assert after_lines[2] == b"## Issue Summary"
    assert not [p for p in tmp_path.iterdir() if p.name != "README.md"]  # no temp files left


def test_cli_fix_reports_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    shutil.copy(fixture("bold-headings.md"), path)
    result = CliRunner().invoke(cli, ["check", "--fix", str(path)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0 errors, 0 warnings in 1 file (4 fixed)"
    untouched = tmp_path / "clean.md"
    shutil.copy(fixture("clean.md"), untouched)
    mtime = os.stat(untouched).st_mtime_ns
    CliRunner().invoke(cli, ["check", "--fix", str(untouched)])
    assert os.stat(untouched).st_mtime_ns == mtime


def test_check_without_fix_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    shutil.copy(fixture("bold-headings.md"), path)
    CliRunner().invoke(cli, ["check", str(path)])
    assert path.read_bytes() == fixture("bold-headings.md").read_bytes()


def test_fix_refuses_stdin() -> None:
    result = CliRunner().invoke(cli, ["check", "--fix", "-"], input="x")
    assert result.exit_code == 2 and "--fix cannot rewrite standard input" in result.stderr


def test_fix_through_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    shutil.copy(fixture("bold-headings.md"), real)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert fix_file(link) == 4
    assert link.is_symlink()
    assert "## Issue Summary" in real.read_text(encoding="utf-8")


def test_fix_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    shutil.copy(fixture("bold-headings.md"), path)
    path.chmod(0o444)
    result = CliRunner().invoke(cli, ["check", "--fix", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"{path}: error: cannot write: the file is read-only\n"
    assert path.read_bytes() == fixture("bold-headings.md").read_bytes()


def test_stray_emphasis_marks_do_not_survive() -> None:
    fixed = fix_text("# R\n\n## Issue Summary\n\ntext\n\n*Timeline:***\n\n- a\n")
    assert "\n## Timeline\n" in fixed.text
    byline = "# R\n\n*Posted on August 11th, 2023*\n\n## Issue Summary\n\ntext\n"
    assert [v for v in lint_text(byline) if v.rule == "PM002"] == []


def test_each_line_keeps_its_own_ending() -> None:
    text = "# R\r\n\r\n## Issue Summary\n\ntext\r\n\r\n**Timeline:**\r\n\n- a\r\n"
    fixed = fix_text(text)
    assert fixed.applied == 1
    assert fixed.text == text.replace("**Timeline:**", "## Timeline")


def test_fixing_twice_changes_nothing_more() -> None:
    text = (
        "# R\n\n## Issue Summary\n\ntext\n\n**_Timeline_** \N{ALARM CLOCK}\n\n- a\n\n"
        "_**Resolution**_ \N{WHITE HEAVY CHECK MARK}\n\n\tTimeline\n"
    )
    once = fix_text(text).text
    assert "\n## Timeline \N{ALARM CLOCK}\n" in once
    assert "\n## Resolution \N{WHITE HEAVY CHECK MARK}\n" in once
    assert fix_text(once).applied == 0


def test_no_fix_for_a_list_item_with_nested_content() -> None:
    text = "# R\n\n## Issue Summary\n\ntext\n\n2. Root Cause\n\t- nested detail\n"
    assert fix_text(text).applied == 0
    assert "PM002" in [v.rule for v in lint_text(text) if v.line == 7]


def test_no_fix_where_it_would_lose_or_move_something() -> None:
    in_item = (
        "## Issue Summary\n\ntext\n\n1.  Overview\n\n    **Timeline:**\n\n"
        "    - 10:00 UTC alert fired on web\n"
    )
    assert fix_text(in_item).applied == 0
    extras = (
        "# R\n\n**Issue Summary:** <!-- postmortem-lint disable PM101 -->\n\ntext\n\n"
        "**Timeline** ![clock](clock.png)\n\n- a\n\n**Issue \\<draft\\> Summary**\n"
    )
    assert fix_text(extras).applied == 0


def test_closing_hashes_and_doubled_colons() -> None:
    text = "# R\n\n##Timeline##\n\ntext\n\n**Corrective and Preventative Measures:** :\n\n- a\n"
    fixed = fix_text(text).text
    assert "\n## Timeline\n" in fixed
    assert "\n## Corrective and Preventative Measures\n" in fixed


def test_a_file_in_conflict_is_not_fixed() -> None:
    text = "<<<<<<< HEAD\n**Timeline:**\n=======\n**Timeline**\n>>>>>>> other\n\n- a\n"
    assert fix_text(text).applied == 0


def test_a_fix_keeps_punctuation_other_than_the_labels_colon() -> None:
    text = "**Issue Summary:**\n\nIt broke.\n\n**Root Cause**;\n\nA typo.\n"
    fixed = fix_text(text).text
    assert fixed == "## Issue Summary\n\nIt broke.\n\n## Root Cause;\n\nA typo.\n"
    assert fix_text(fixed).text == fixed  # and a second run changes nothing


def test_a_fix_that_another_makes_possible_is_applied_in_the_same_run() -> None:
    """The link points at the heading the pseudo-heading becomes: a second round fixes it,
    so running --fix again changes nothing."""
    text = "####### PREVENTIVE MEASURES\n\ntext [Preventive Measures](#Preventive Measures) more\n"
    fixed = fix_text(text)
    assert fixed.text == (
        "## PREVENTIVE MEASURES\n\ntext [Preventive Measures](#preventive-measures) more\n"
    )
    assert fixed.applied == 2
    assert fix_text(fixed.text).applied == 0
