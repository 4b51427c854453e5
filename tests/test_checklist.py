"""The checklist: each requirement met, not met or not judged, in three formats; on the
real corpus a requirement is not met exactly when its deciding rules fired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint.checklist import Status, evaluate
from postmortem_lint.cli import cli
from postmortem_lint.config import ConfigError, load, pack_path
from postmortem_lint.document import parse
from postmortem_lint.engine import lint_document, read_text
from tests.conftest import fixture, shared


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def statuses(path: Path, pack: str = "alx") -> dict[str, Status]:
    config = load(pack_path(pack))
    doc = parse(read_text(path), config.catalogue, config.date_order)
    found = lint_document(doc, config, str(path))
    return {t.requirement.id: t.status for t in evaluate(doc, config, str(path), found).ticks}


def test_a_clean_postmortem_meets_every_requirement() -> None:
    assert set(statuses(fixture("clean.md")).values()) == {Status.MET}


def test_findings_decide_and_a_missing_section_is_not_judged() -> None:
    got = statuses(fixture("too-short.md"))
    assert got["sections"] is Status.NOT_MET  # PM004: the Timeline is empty
    assert got["timeline"] is Status.NOT_JUDGED
    assert got["length"] is Status.NOT_MET and got["duration"] is Status.MET


def test_a_file_that_is_not_a_postmortem_is_judged_on_its_sections_only() -> None:
    got = statuses(fixture("link-only.md"))
    assert got["sections"] is Status.NOT_MET
    assert {got[key] for key in got if key != "sections"} == {Status.NOT_JUDGED}
    _code, out, _ = run("checklist", str(fixture("link-only.md")), str(fixture("clean.md")))
    assert out.startswith(f"{fixture('link-only.md')}: 0 of 9 requirements met (not a postmortem)")
    assert "1 of 2 files meet every requirement; 1 is not a postmortem at all" in out


def test_a_requirement_whose_rules_are_off_is_not_judged(tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("rules:\n  PM501: off\n")
    code, out, _ = run(
        "checklist", "--config", str(config), "--format", "json", str(fixture("too-short.md"))
    )
    (row,) = json.loads(out)
    length = next(r for r in row["requirements"] if r["id"] == "length")
    assert (code, length["status"], length["findings"]) == (1, "not judged", [])


def test_text_markdown_and_json(tmp_path: Path) -> None:
    files = (str(fixture("clean.md")), str(fixture("too-short.md")))
    code, text, _ = run("checklist", *files)
    assert code == 1
    assert text.startswith(f"{files[1]}: 3 of 9 requirements met, 1 not judged\n")  # worst first
    assert "      PM501 line 1: 56 words" in text
    assert "1 of 2 files meet every requirement\n  sections: not met in 1 file" in text
    assert "  timeline: not met in 0 files, not judged in 1\n" in text
    _code, brief, _ = run("checklist", "-q", *files)
    assert brief.splitlines()[:2] == [
        f"{files[1]}: 3 of 9 requirements met, 1 not judged",
        f"{files[0]}: 9 of 9 requirements met",
    ]
    _code, markdown, _ = run("checklist", "--format", "markdown", *files)
    assert "- [x] **duration**:" in markdown and "- [ ] **length**:" in markdown
    assert "- *not judged* **timeline**:" in markdown  # no box: neither ticked nor failed
    assert "| `length` Between 400 and 600 words | 1 | 0 |" in markdown
    assert f"#### `{files[1]}`: 3 of 9 requirements met, 1 not judged" in markdown
    _code, out, _ = run("checklist", "--format", "json", *files)
    rows = json.loads(out)
    assert [(r["path"], r["passed"]) for r in rows] == [(files[0], True), (files[1], False)]
    assert set(rows[1]["requirements"][0]) == {"id", "text", "status", "findings"}
    assert run("checklist", str(fixture("clean.md")))[0] == 0
    assert run("checklist", str(tmp_path / "missing.md"))[0] == 2


def test_the_markdown_report_and_the_job_summary_tick_them_too(tmp_path: Path) -> None:
    _code, out, _ = run("check", "--format", "markdown", str(fixture("too-short.md")))
    assert "### Requirements" in out and "- [ ] **length**:" in out
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        cli,
        ["check", "--format", "github", str(fixture("too-short.md"))],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert "- [ ] **length**:" in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("requirements: {}\n", ":1: requirements: expected a list of requirements"),
        (
            "requirements:\n  - {id: a, text: b, rules: [PM999]}\n",
            ":2: requirements.0.rules: unknown rule 'PM999'",
        ),
        (
            "requirements:\n  - {id: a, text: b}\n",
            ":2: requirements.0.rules: required: the rules that decide it",
        ),
        (
            "requirements:\n  - {id: a, text: b, rules: [PM101]}\n"
            "  - {id: a, text: c, rules: [PM101]}\n",
            ":3: requirements.1.id: another requirement has id 'a'",
        ),
        (
            "requirements:\n  - {id: a, txt: b, rules: [PM101]}\n",
            ":2: requirements.0.txt: unknown key",
        ),
    ],
)
def test_requirements_are_validated(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / ".postmortem-lint.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path)
    assert expected in str(error.value)


def test_on_the_corpus_not_met_is_exactly_a_deciding_rule_firing() -> None:
    corpus = shared("corpus", "alx")
    config = load(pack_path("alx"))
    seen = {status: 0 for status in Status}
    for path in sorted(corpus.glob("*.md")):
        doc = parse(read_text(path), config.catalogue, config.date_order)
        found = lint_document(doc, config, str(path))
        for tick in evaluate(doc, config, str(path), found).ticks:
            fired = [v for v in found if v.rule in tick.requirement.rules]
            assert (tick.status is Status.NOT_MET) == bool(fired), (path.name, tick)
            seen[tick.status] += 1
    assert all(seen.values())  # every status occurs on real files


def test_a_file_cannot_tick_its_own_requirements(tmp_path: Path) -> None:
    silenced = tmp_path / "README.md"
    text = fixture("too-short.md").read_text(encoding="utf-8")
    silenced.write_text("<!-- postmortem-lint disable-file -->\n" + text, encoding="utf-8")
    code, out, _ = run("checklist", "-q", str(silenced))
    assert code == 1 and "3 of 9 requirements met" in out


def test_a_file_that_is_not_a_postmortem_never_passes(tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("requirements:\n  - {id: window, text: The window, rules: [PM101]}\n")
    code, out, _ = run("checklist", "--config", str(config), str(fixture("link-only.md")))
    assert code == 1 and "0 of 1 requirements met (not a postmortem)" in out


def test_markdown_escapes_what_a_summary_would_render(tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("requirements:\n  - {id: len, text: 'A | B <b>words</b>', rules: [PM501]}\n")
    _code, out, _ = run(
        "checklist", "--format", "markdown", "--config", str(config), str(fixture("too-short.md"))
    )
    assert "A \\| B \\<b\\>words\\</b\\>" in out and "<b>" not in out
