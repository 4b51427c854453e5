"""``--format sarif``: valid SARIF 2.1.0 that describes every rule and locates every finding."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_lint import __version__
from postmortem_lint._ruledoc import help_markdown
from postmortem_lint.checks import Option, Rule, registry
from postmortem_lint.cli import cli
from postmortem_lint.reporters import Report, Style
from postmortem_lint.reporters.sarif import FAMILIES, render, tags
from postmortem_lint.violation import Level
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


def _fingerprints(text: str, tmp_path: Path) -> dict[str, list[str]]:
    """The fingerprints of linting *text*, by rule."""
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    found: dict[str, list[str]] = {}
    for result in sarif_of(path, tmp_path=tmp_path)["runs"][0]["results"]:
        found.setdefault(result["ruleId"], []).append(
            result["partialFingerprints"]["primaryLocationLineHash"]
        )
    return found


def test_a_finding_about_the_whole_file_keeps_its_fingerprint_when_line_1_changes(
    tmp_path: Path,
) -> None:
    text = "# Postmortem: the disk filled up\n\n## Timeline\n\n- 10:00 UTC - the disk fills.\n"
    before = _fingerprints(text, tmp_path)
    retitled = "# Postmortem: a new title\n" + text.split("\n", 1)[1] + "\nOne more sentence.\n"
    after = _fingerprints(retitled, tmp_path)
    assert len(before["PM001"]) >= 2 and len(set(before["PM001"])) == len(before["PM001"])
    assert after["PM001"] == before["PM001"]  # missing sections: the same alerts
    assert after["PM501"] == before["PM501"]  # the word count changed, the alert did not


def test_a_line_finding_still_follows_its_line(tmp_path: Path) -> None:
    text = "# Title\n\n**Timeline:**\n\nSome text.\n"
    first = _fingerprints(text, tmp_path)["PM002"]
    assert _fingerprints("\n\n" + text, tmp_path)["PM002"] == first  # moved: the same
    assert _fingerprints(text.replace("Timeline", "Timeline 2"), tmp_path)["PM002"] != first


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


# help.markdown and tags

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # as GitHub reads it


def flat(tokens: list[Token]) -> list[Token]:
    """Every token, inline children after their parent."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(flat(token.children or []))
    return out


def shown(text: str) -> str:
    """What a reader sees of *text*, without the characters markup adds or takes away."""
    return re.sub(r"[\s*`:]", "", text)


def test_help_markdown_renders_every_rules_documentation(tmp_path: Path) -> None:
    driver = sarif_of(fixture("clean.md"), tmp_path=tmp_path)["runs"][0]["tool"]["driver"]
    for described, rule in zip(driver["rules"], registry(), strict=True):
        markdown = described["help"]["markdown"]
        tokens = flat(MARKDOWN.parse(markdown))
        kinds = {token.type for token in tokens}
        assert not kinds & {"html_inline", "html_block", "code_block", "heading_open"}, rule.id
        # each ``::`` example is a fenced block of its lines as written, indentation kept
        examples = [
            re.match(r"(?:(?: {4}.*)?\n)*", after + "\n")[0].strip("\n").replace("\n    ", "\n")[4:]
            for after in re.split(r"::\n\n", rule.doc)[1:]
        ]  # the lines indented under a paragraph ending in "::", less the docs' four spaces
        fences = [token for token in tokens if token.type == "fence"]
        assert [fence.content.rstrip("\n") for fence in fences] == examples, rule.id
        assert {fence.info for fence in fences} <= {"markdown"}
        # ``literals`` are code spans; nothing else is lost, added or left escaped
        spans = {token.content for token in tokens if token.type == "code_inline"}
        assert set(re.findall(r"``(.+?)``", rule.doc)) <= spans, rule.id
        *paragraphs, link = [t for t in tokens if t.type in ("inline", "fence")]
        seen = "".join(t.content if t.type == "fence" else plain(t) for t in paragraphs)
        assert shown(seen) == shown(rule.doc.replace("``", "")), rule.id
        assert not [t for t in paragraphs if t.type == "inline" and "::" in t.content], rule.id
        # and last, the link to the rule's section of the README
        (href,) = [t.attrGet("href") for t in flat([link]) if t.type == "link_open"]
        assert href == described["helpUri"]
        assert plain(link).endswith(f"{rule.id} {rule.name}")


def plain(inline: Token) -> str:
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in inline.children or []
    )


def a_rule(doc: str, **options: Option) -> Rule:
    return Rule("ACME1", "acme", Level.WARNING, options, doc, check=lambda _doc, _options: iter(()))


def test_help_markdown_escapes_markup_the_documentation_does_not_mean() -> None:
    doc = (
        "Reads ``a ` tick``, *emphasis*, **strong** and a_snake_case name.\n"
        'A <START OF OUTAGE> marker, [text](#anchor), "*" alone, | and ~~ stay text.\n'
        "\n"
        "1. is not a list, nor # a heading.\n"
        "\n"
        "* one item\n"
        "  run on\n"
        "* another\n"
        "\n"
        "Example ::\n"
        "\n"
        "    ```\n"
        "        indented\n"
        "\n"
        "Options:\n"
        "  min-words (int): fewest words, ``min-words``\n"
        "    (default 4).\n"
        "  other (bool): not an option of this rule\n"
    )
    rule = a_rule(doc, **{"min-words": Option("int", 4, "fewest words")})
    tokens = flat(MARKDOWN.parse(help_markdown(rule, "https://example.com/#acme1-acme")))
    kinds = [token.type for token in tokens]
    assert kinds.count("em_open") == 1 and kinds.count("strong_open") == 1
    assert kinds.count("link_open") == 1  # only the README link
    assert not {"html_inline", "heading_open", "ordered_list_open", "s_open"} & set(kinds)
    inlines = [plain(token) for token in tokens if token.type == "inline"]
    assert inlines[0] == "Reads a ` tick, emphasis, strong and a_snake_case name. " + (
        'A <START OF OUTAGE> marker, [text](#anchor), "*" alone, | and ~~ stay text.'
    )
    assert inlines[1] == "1. is not a list, nor # a heading."
    assert inlines[2:4] == ["one item run on", "another"]
    assert inlines[4] == "Example"  # " ::" goes, as in reST
    (fence,) = [token for token in tokens if token.type == "fence"]
    assert fence.content == "```\n    indented\n"  # a longer fence holds the backticks
    assert inlines[5:8] == [
        "Options:",
        "min-words (int): fewest words, min-words (default 4).",
        "other (bool): not an option of this rule",
    ]
    codes = [token.content for token in tokens if token.type == "code_inline"]
    assert codes == ["a ` tick", "min-words", "min-words"]  # "other" is no option: not code


def test_tags_name_the_rule_family_by_its_id_range(tmp_path: Path) -> None:
    driver = sarif_of(fixture("clean.md"), tmp_path=tmp_path)["runs"][0]["tool"]["driver"]
    families: dict[str, set[str]] = {}
    for described in driver["rules"]:
        first, family = described["properties"]["tags"]
        assert first == "postmortem" and family in FAMILIES.values()
        families.setdefault(family, set()).add(described["id"][:3])
    assert all(len(ranges) == 1 for ranges in families.values())  # one range, one family
    assert {family: ranges.pop() for family, ranges in families.items()} == {
        "structure": "PM0",
        "summary": "PM1",
        "timeline": "PM2",
        "root-cause": "PM3",
        "action-items": "PM4",
        "writing": "PM5",
        "dates-and-times": "PM6",
        "blameless": "PM7",
    }
    assert tags(a_rule("A plugin's rule.")) == ["postmortem"]  # no family outside PM001-PM799
