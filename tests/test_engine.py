"""The engine and public API: sorting, frozen records, inline comments, select/ignore."""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest

import postmortem_lint
from postmortem_lint import Violation, lint_text

# Text under a section keeps it from being taken for a stub (a file that is not a postmortem).
ANCHORS = (
    "# T\n\n[a](#nowhere)\n\n[b](#nowhere)\n\n[c](#nowhere)\n\n## Timeline\n\nThings happened.\n"
)


def rules_at(text: str, rule: str = "PM006") -> list[int]:
    return [v.line for v in lint_text(text) if v.rule == rule]


def test_public_api() -> None:
    assert postmortem_lint.__version__
    found = lint_text(ANCHORS, "x.md")
    assert all(isinstance(v, Violation) for v in found)
    assert found == sorted(found, key=lambda v: (v.path, v.line, v.column, v.rule))
    assert {v.path for v in found} == {"x.md"}
    with pytest.raises(AttributeError):
        found[0].line = 9  # type: ignore[misc]


def test_disable_and_enable_by_id_or_name() -> None:
    text = ANCHORS.replace("[a]", "<!-- postmortem-lint disable broken-anchor -->\n[a]").replace(
        "[c]", "<!-- postmortem-lint enable PM006 -->\n[c]"
    )
    assert rules_at(text) == [9]


def test_disable_next_line() -> None:
    text = ANCHORS.replace("[b]", "<!-- postmortem-lint disable-next-line PM006 -->\n[b]")
    assert rules_at(text) == [3, 8]


def test_disable_file_all_or_some_rules() -> None:
    assert rules_at("<!-- postmortem-lint disable-file -->\n" + ANCHORS) == []
    some = "<!-- postmortem-lint disable-file PM501 -->\n" + ANCHORS
    assert rules_at(some) == [4, 6, 8]
    assert rules_at(some, "PM501") == []


def test_directives_inside_code_are_ignored() -> None:
    text = "```\n<!-- postmortem-lint disable-file -->\n```\n" + ANCHORS
    assert rules_at(text) == [6, 8, 10]


def test_select_and_ignore() -> None:
    assert {v.rule for v in lint_text(ANCHORS, select={"PM006"})} == {"PM006"}
    assert "PM006" not in {v.rule for v in lint_text(ANCHORS, ignore={"PM006"})}


def test_stub_file_gets_a_single_finding() -> None:
    found = lint_text("# 0x19\n\n[postmortem](https://docs.google.com/document/d/x)\n")
    assert [(v.rule, v.line) for v in found] == [("PM001", 3)]
    assert "docs.google.com" in found[0].message
    empty = lint_text("")
    assert [(v.rule, v.message) for v in empty] == [
        ("PM001", "file is empty: write the postmortem in this file")
    ]


def test_unknown_rule_in_a_comment_switches_nothing_off_and_is_reported() -> None:
    text = "<!-- postmortem-lint disable-file PM5O1 -->\n" + ANCHORS
    assert rules_at(text) == [4, 6, 8]
    assert [(v.rule, v.line, v.column) for v in lint_text(text) if v.rule == "PM008"] == [
        ("PM008", 1, 35)
    ]
    mixed = "<!-- postmortem-lint disable-file nope, broken-anchor -->\n" + ANCHORS
    assert rules_at(mixed) == []


def test_inline_comments_can_be_ignored() -> None:
    text = "<!-- postmortem-lint disable-file -->\n" + ANCHORS
    assert rules_at(text) == []
    assert [v.line for v in lint_text(text, inline=False) if v.rule == "PM006"] == [4, 6, 8]


def test_library_select_and_ignore_take_names() -> None:
    assert {v.rule for v in lint_text(ANCHORS, select={"broken-anchor"})} == {"PM006"}
    assert "PM501" not in {v.rule for v in lint_text(ANCHORS, ignore={"word-count"})}


def test_a_plugin_registers_a_rule(scratch_registry: None) -> None:
    from postmortem_lint import checks
    from postmortem_lint.violation import Level, Problem

    def no_todo(doc: object, options: object) -> Iterator[Problem]:
        yield Problem(1, 1, "no TODO please")

    plugin = types.ModuleType("team_rules")
    plugin.__doc__ = "No TODO markers.\n\nTeams finish their postmortems."
    plugin.ID, plugin.NAME, plugin.LEVEL, plugin.OPTIONS = "TM001", "no-todo", Level.ERROR, {}
    plugin.check = no_todo
    rule = checks.register(plugin)
    assert checks.lookup("no-todo") is rule
    assert [v.message for v in lint_text(ANCHORS, select={"TM001"})] == ["no TODO please"]
    with pytest.raises(ValueError, match="already registered"):
        checks.register(plugin)


def test_enable_one_rule_inside_a_blanket_disable() -> None:
    text = ANCHORS.replace(
        "[a]", "<!-- postmortem-lint disable -->\n<!-- postmortem-lint enable PM006 -->\n[a]"
    )
    assert rules_at(text) == [5, 7, 9]
    assert rules_at(text.replace("enable PM006", "enable PM501")) == []


def test_comment_reasons_punctuation_and_unknown_actions() -> None:
    reason = "<!-- postmortem-lint disable-file PM006 -- links fixed later -->\n" + ANCHORS
    assert rules_at(reason) == [] and rules_at(reason, "PM008") == []
    colon = "<!-- postmortem-lint disable-file: PM006 -->\n" + ANCHORS
    assert rules_at(colon) == [] and rules_at(colon, "PM008") == []
    typo = "<!-- postmortem-lint disabel PM006 -->\n" + ANCHORS
    assert rules_at(typo) == [4, 6, 8]
    assert [v.message for v in lint_text(typo) if v.rule == "PM008"] == [
        "inline comment has unknown action 'disabel': it does nothing (use one of: disable, "
        "enable, disable-next-line, disable-file)"
    ]


def test_ignored_inline_comments_are_not_judged() -> None:
    text = "<!-- postmortem-lint disable-file PM5O1 -->\n" + ANCHORS
    assert rules_at(text, "PM008") == [1]
    assert [v for v in lint_text(text, inline=False) if v.rule == "PM008"] == []


def test_select_takes_a_single_string_too() -> None:
    assert {v.rule for v in lint_text(ANCHORS, select="broken-anchor")} == {"PM006"}


def test_only_real_comments_switch_rules_off() -> None:
    quoted = "To silence it, write `<!-- postmortem-lint disable-file -->` here.\n\n" + ANCHORS
    assert rules_at(quoted) == [5, 7, 9]
    escaped = "Write \\<!-- postmortem-lint disable-file --> here.\n\n" + ANCHORS
    assert rules_at(escaped) == [5, 7, 9]
    multi = "<!--\npostmortem-lint disable-file PM006\n-->\n" + ANCHORS
    assert rules_at(multi) == []
    glued = "<!-- postmortem-lint disable-file PM006-- links later -->\n" + ANCHORS
    assert rules_at(glued) == [] and rules_at(glued, "PM008") == []


def test_a_comment_over_several_lines_disables_the_line_after_its_end() -> None:
    text = (
        "# T\n\n<!-- postmortem-lint disable-next-line PM006\n  -- a link fixed later -->\n"
        "[a](#nowhere)\n\n[b](#nowhere)\n"
    )
    assert [v.line for v in lint_text(text, select={"PM006"})] == [7]
