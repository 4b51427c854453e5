"""The README stays true: every rule, command and option is documented."""

from __future__ import annotations

import click

from postmortem_lint.checks import registry
from postmortem_lint.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_has_a_row_and_a_section() -> None:
    for rule in registry():
        assert f"### {rule.id} {rule.name}\n" in README, rule.id
        assert f"[{rule.id} `{rule.name}`](#{rule.id.lower()}-{rule.name})" in README, rule.id
        assert f"| {rule.level.value} |" in README


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert f"postmortem-lint {name}" in README, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{opt}" in README for opt in param.opts), param.opts


def test_setup_commands_are_the_ones_ci_runs() -> None:
    assert "pip install . && postmortem-lint check fixtures/" in README
    assert "pip install -e '.[dev]' && pytest" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[dev]' && pytest" in ci
