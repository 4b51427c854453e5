"""Sections by role, defaults in the rules, and one defect → one finding in the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem_lint import lint_text
from postmortem_lint.checks import lookup, registry
from postmortem_lint.cli import cli
from postmortem_lint.config import ConfigError, load
from postmortem_lint.sections import Role
from postmortem_lint.violation import Problem

EMPTY_SUMMARY = """# Postmortem

## Issue Summary

## Timeline

- 10:00 UTC: the alert fired on web-01
- 10:20 UTC: the on-call engineer restarted nginx
- 10:40 UTC: service restored for all users

## Root Cause and Resolution

A typo in the nginx configuration pointed the upstream at a closed port.

## Corrective and Preventative Measures

- Add a config test to the deploy pipeline.
"""


def rules_on(text: str, config: object = None, **kwargs: object) -> set[str]:
    return {v.rule for v in lint_text(text, config=config, **kwargs) if v.line == 3}  # type: ignore[arg-type]


def test_an_empty_summary_is_one_finding_by_default() -> None:
    assert rules_on(EMPTY_SUMMARY) == {"PM004"}


def test_select_reports_what_the_superseding_rule_would_have_hidden() -> None:
    assert rules_on(EMPTY_SUMMARY, select={"PM101"}) == {"PM101"}
    assert rules_on(EMPTY_SUMMARY, select={"PM001", "PM101"}) == {"PM101"}
    assert rules_on(EMPTY_SUMMARY, ignore={"PM004"}) >= {"PM101", "PM103", "PM104"}


def test_pm004_off_no_longer_hides_the_empty_summary(tmp_path: Path) -> None:
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("rules:\n  PM004: off\n")
    assert rules_on(EMPTY_SUMMARY, load(config)) >= {"PM101", "PM103", "PM104"}


def test_a_silenced_finding_supersedes_nothing() -> None:
    text = EMPTY_SUMMARY.replace(
        "## Issue Summary\n", "## Issue Summary\n<!-- postmortem-lint disable-file PM004 -->\n"
    )
    assert "PM101" in {v.rule for v in lint_text(text)}


def test_the_readme_grader_example_fails_on_an_empty_summary(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(EMPTY_SUMMARY)
    result = CliRunner().invoke(cli, ["check", "--select", "PM001,PM101", "--strict", str(path)])
    assert result.exit_code == 1
    assert "PM101" in result.output


def test_not_a_postmortem_supersedes_every_content_rule() -> None:
    found = lint_text("# Postmortem\n\nSee https://docs.google.com/document/d/x\n")
    assert [v.rule for v in found] == ["PM001"]
    assert "PM501" in {v.rule for v in lint_text("# Postmortem\n", select={"PM501"})}


def test_no_rule_module_mentions_another_rule_in_its_code() -> None:
    """Rule IDs as values (``if rule == "PM004"``) or deference in comments ("PM004 says
    so") are how rules silenced each other; messages may still point at another rule."""
    import inspect
    import io
    import re
    import tokenize

    mentions = []
    for rule in registry():
        module = inspect.getmodule(rule.check)
        assert module is not None
        source = inspect.getsource(module)
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and re.search(r"PM\d{3}", token.string):
                mentions.append(f"{module.__name__}:{token.start[0]}: {token.string}")
            quoted = re.fullmatch(r"[\"']PM\d{3}[\"']", token.string)
            if token.type == tokenize.STRING and quoted and token.string[1:-1] != rule.id:
                mentions.append(f"{module.__name__}:{token.start[0]}: {token.string}")
    assert not mentions


TEAM_PACK = """\
extends: null
sections:
  - id: overview
    title: Overview
    role: summary
    required: true
  - id: events
    title: Sequence of Events
    role: timeline
    required: true
  - id: followups
    title: Follow-ups
    role: action-items
    required: true
rules:
  PM501: off
"""

TEAM_DOC = """# Incident 42

## Overview

On 2024-03-02 from 14:05 to 16:30 UTC the checkout API failed for 40% of users because a
certificate on the payment gateway expired overnight and nobody was warned, so every request
from the web shop and the mobile app to the gateway was refused until a new one was installed.

## Sequence of Events

- 14:05 UTC: checkout errors alert fires
- 14:30 UTC: the team suspects a deploy and rolls it back

## Follow-ups

- Renew certificates automatically.
"""


def test_a_pack_with_other_ids_and_roles(tmp_path: Path) -> None:
    config_path = tmp_path / "team.yaml"
    config_path.write_text(TEAM_PACK)
    config = load(config_path)
    assert config.catalogue.by_role[Role.TIMELINE].id == "events"
    found = {(v.rule, v.line) for v in lint_text(TEAM_DOC, config=config)}
    assert ("PM201", 9) in found  # two entries under 'Sequence of Events', three wanted
    assert ("PM401", 14) in found  # one task under 'Follow-ups'
    assert not {rule for rule, _line in found} & {"PM001", "PM101", "PM103", "PM301"}
    assert lookup("PM301") is not None and not lookup("PM301").applies(config.catalogue)  # type: ignore[union-attr]


def test_a_pack_that_extends_nothing_lints_sanely(tmp_path: Path) -> None:
    config_path = tmp_path / "bare.yaml"
    config_path.write_text("extends: null\n")
    config = load(config_path)
    assert config.catalogue.specs == ()
    found = {v.rule for v in lint_text(TEAM_DOC, config=config)}
    assert found <= {"PM501"}  # no section rule runs: the pack names no sections
    listed = CliRunner().invoke(cli, ["rules", "--config", str(config_path)])
    assert "PM201  timeline-entries       n/a" in listed.output


def test_defaults_live_in_the_rules_not_the_pack() -> None:
    pm104 = lookup("PM104")
    assert pm104 is not None and "root cause*" in pm104.options["phrases"].default
    import yaml

    rules = yaml.safe_load(Path(load().source).read_text()).get("rules", {})
    assert all(not isinstance(setting, dict) for setting in rules.values())  # levels only


def test_an_empty_vocabulary_switches_its_check_off(tmp_path: Path) -> None:
    text = EMPTY_SUMMARY.replace("## Issue Summary\n", "## Issue Summary\n\nIt broke.\n")
    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text("rules:\n  PM104:\n    phrases: []\n  PM103:\n    affected-words: []\n")
    found = [
        v.message for v in lint_text(text, config=load(config)) if v.rule in ("PM103", "PM104")
    ]
    assert found == [
        "'Issue Summary' does not quantify the impact: give a share or a count, e.g. '35% of "
        "users' or '1,200 failed requests'"
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "extends: null\nrules:\n  PM201: warning\n",
            "bad.yaml:3: rules.PM201: this pack has no section with role 'timeline'",
        ),
        (
            "sections:\n  - id: a\n    title: A\n    role: story\n",
            "bad.yaml:4: sections.0.role: unknown role 'story'",
        ),
        (
            "sections:\n  - {id: a, title: A, role: summary}\n"
            "  - {id: b, title: B, role: summary}\n",
            "bad.yaml:3: sections.1.role: another section already has role 'summary'",
        ),
        (
            "sections:\n  - {id: a, title: A}\n  - {id: a, title: B}\n",
            "bad.yaml:3: sections.1.id: another section has id 'a'",
        ),
        (
            "sections:\n  - {id: a, title: A, parts: [a]}\n",
            "bad.yaml:2: sections.0.parts: section 'a' cannot be a part of itself",
        ),
    ],
)
def test_roles_are_validated_with_file_line_and_key(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{tmp_path}/{reason}")


def test_selecting_a_rule_the_pack_gives_nothing_to_read_says_so(tmp_path: Path) -> None:
    config = tmp_path / "bare.yaml"
    config.write_text("extends: null\n")
    doc = tmp_path / "README.md"
    doc.write_text(TEAM_DOC)
    result = CliRunner().invoke(
        cli, ["check", "--config", str(config), "--select", "PM201", str(doc), str(doc)]
    )
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert notes == [
        f"postmortem-lint: note: PM201 does not run under {config}: its pack has no section "
        "with role 'timeline'"
    ]


def test_a_rule_that_fails_is_one_line_and_the_other_files_are_linted(
    tmp_path: Path, scratch_registry: None
) -> None:
    import types

    from postmortem_lint import checks
    from postmortem_lint.violation import Level

    def broken(doc: object, options: object) -> list[object]:
        if "boom" in getattr(doc, "text", ""):
            raise KeyError("nope")
        return []

    plugin = types.ModuleType("team_broken")
    plugin.ID, plugin.NAME, plugin.LEVEL, plugin.check = "TM009", "broken", Level.ERROR, broken
    plugin.OPTIONS = {"words": checks.Option("words", ["a", "b"], "a list default is fine")}
    rule = checks.register(plugin)
    assert rule.options["words"].default == ("a", "b")
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text("# boom\n")
    good.write_text(EMPTY_SUMMARY)
    result = CliRunner().invoke(cli, ["check", "--select", "TM009,PM004", str(bad), str(good)])
    assert result.exit_code == 2
    assert result.stderr == f"{bad}: error: rule TM009 (broken) failed: KeyError: 'nope'\n"
    assert "PM004" in result.stdout


@pytest.mark.parametrize(
    "check",
    [
        lambda doc, options: Problem(1, 1, "returned, not yielded"),  # a record is a tuple
        lambda doc, options: [(1, 1, "a tuple")],
    ],
)
def test_a_rule_that_yields_no_problem_records_is_one_line(
    check: object, tmp_path: Path, scratch_registry: None
) -> None:
    import types

    from postmortem_lint import checks
    from postmortem_lint.violation import Level

    plugin = types.ModuleType("team_returns")
    plugin.ID, plugin.NAME, plugin.LEVEL, plugin.check = "TM010", "returns", Level.ERROR, check
    checks.register(plugin)
    path = tmp_path / "x.md"
    path.write_text("# Postmortem\n")
    result = CliRunner().invoke(cli, ["check", "--select", "TM010", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}: error: rule TM010 (returns) failed: TypeError: check() must yield Problem "
        "records\n"
    )


@pytest.mark.parametrize("pack", ["incident", "google-sre", "pagerduty"])
def test_team_packs_load_and_lint_a_team_postmortem(pack: str) -> None:
    from postmortem_lint.config import pack_path

    config = load(pack_path(pack))
    assert config.description and config.catalogue.by_role[Role.TIMELINE]
    assert {spec.role for spec in config.catalogue.required()} >= {
        Role.SUMMARY,
        Role.TIMELINE,
        Role.ACTION_ITEMS,
    }
    summary = config.catalogue.by_role[Role.SUMMARY].title
    text = (
        TEAM_DOC.replace("## Overview", f"## {summary}")
        .replace("## Sequence of Events", "## Timeline")
        .replace("## Follow-ups", "## Action Items")
    )
    text += (
        "\n## Root Causes\n\nThe certificate was renewed by hand and the reminder went nowhere.\n"
    )
    found = {v.rule for v in lint_text(text, config=config)}
    assert "PM001" not in found and "PM501" not in found  # no word limits for teams
    assert "PM401" not in found  # one action item is enough for a team
    assert "PM402" in found  # the content rules run (the item is vague)


def test_profile_chooses_a_shipped_pack(tmp_path: Path) -> None:
    doc = tmp_path / "incident.md"
    doc.write_text(TEAM_DOC.replace("## Sequence of Events", "## Timeline"))
    alx = CliRunner().invoke(cli, ["check", "-q", "--select", "PM001", str(doc)])
    team = CliRunner().invoke(
        cli, ["check", "-q", "--profile", "incident", "--select", "PM001", str(doc)]
    )
    assert "missing section 'Root Cause and Resolution'" in alx.output
    assert "missing section 'Root Cause';" in team.output
    both = CliRunner().invoke(
        cli, ["check", "--profile", "incident", "--config", str(doc), str(doc)]
    )
    assert both.exit_code == 2 and "give one" in both.stderr
    unknown = CliRunner().invoke(cli, ["check", "--profile", "nope", str(doc)])
    assert unknown.exit_code == 2 and "unknown pack 'nope'" in unknown.stderr
    listed = CliRunner().invoke(cli, ["rules", "--profile", "google-sre"])
    assert "PM501  word-count             off" in listed.output


def test_profiles_lists_every_shipped_pack_with_its_description() -> None:
    result = CliRunner().invoke(cli, ["profiles"])
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["alx", "google-sre", "incident", "pagerduty"]
    assert lines[0].endswith("(default)")


def test_timeline_entries_written_as_time_headings(tmp_path: Path) -> None:
    from postmortem_lint.config import pack_path

    config = load(pack_path("incident"))
    path = Path(__file__).parent.parent / "fixtures" / "timeline-headings.md"
    text = path.read_text(encoding="utf-8")
    assert lint_text(text, config=config) == []
    swapped = text.replace("### 14:40", "### 13:40")
    found = [(v.rule, v.line) for v in lint_text(swapped, config=config, select={"PM202"})]
    assert found == [("PM202", 19)]
    one = text.split("### 14:20")[0]
    assert [v.rule for v in lint_text(one, config=config, select={"PM201"})] == ["PM201"]
