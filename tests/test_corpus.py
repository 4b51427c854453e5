"""Real writing from ../shared: never a traceback; the seeds get the expected findings.

Skipped where ../shared is absent (a user's machine). Nothing from it is copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint import lint_file
from postmortem_lint.cli import cli
from tests.conftest import SHARED, shared


def corpus_files() -> list[Path]:
    folders = [SHARED / "corpus" / "alx", SHARED / "seeds"]
    return sorted(
        p
        for folder in folders
        if folder.is_dir()
        for p in folder.iterdir()
        if p.suffix in (".md", ".txt")
    )


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_real_file_lints_without_error(path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--quiet", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output + result.stderr


def test_corpus_present_for_developers() -> None:
    folder = shared("corpus", "alx")
    assert len(list(folder.glob("*.md"))) >= 200


def seed(prefix: str) -> Path:
    folder = shared("seeds")
    return next(folder.glob(f"{prefix}_*.txt"))


def found(prefix: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in lint_file(seed(prefix)):
        out.setdefault(v.rule, []).append(v.message)
    return out


def test_seed_000_italic_headings_and_no_summary() -> None:
    rules = found("000")
    assert any("was a Sunday, not a Friday" in m for m in rules["PM601"])
    assert any("'Issue Summary'" in m for m in rules["PM001"])
    assert not any("'Timeline'" in m for m in rules["PM001"])
    assert len(rules["PM002"]) >= 3


def test_seed_001_two_sections_are_fine_and_prose_timeline_fails() -> None:
    rules = found("001")
    assert "PM001" not in rules
    assert "PM201" in rules and "prose" in rules["PM201"][0]


def test_seed_002_list_headings() -> None:
    rules = found("002")
    assert len(rules["PM002"]) == 4
    for rule in ("PM001", "PM101", "PM103", "PM102"):
        assert rule not in rules, rules.get(rule)


def test_seed_003_conflict_markers_and_broken_anchors() -> None:
    rules = found("003")
    assert "PM005" in rules and "PM006" in rules
    assert any("'PST'" in m and "write 'PDT'" in m for m in rules["PM602"])


def test_seed_004_assignment_text_is_not_a_postmortem() -> None:
    rules = found("004")
    assert "PM101" in rules and "PM201" in rules


def test_fix_on_real_files_adds_no_finding_and_is_idempotent() -> None:
    """--fix may only remove findings: on every real file, nothing new appears, and a
    second run changes nothing."""
    from collections import Counter

    from postmortem_lint import fix_text, lint_text

    shared("corpus", "alx")
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        fixed = fix_text(text)
        if not fixed.applied:
            continue
        before = Counter(v.rule for v in lint_text(text) if v.rule not in ("PM002", "PM006"))
        after = Counter(v.rule for v in lint_text(fixed.text) if v.rule not in ("PM002", "PM006"))
        assert after <= before, (path.name, after - before)
        assert fix_text(fixed.text).applied == 0, path.name
