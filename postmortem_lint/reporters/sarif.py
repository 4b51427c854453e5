"""SARIF 2.1.0, as GitHub code scanning takes it: every rule described, a result per finding.

Each rule carries its documentation twice: ``help.text`` as written (reST-ish: paragraphs,
``::`` example blocks, ````literal```` spans) and ``help.markdown``, which code scanning
shows in the alert: the same paragraphs, the examples as fenced code blocks, and a link to
the rule's README section. ``properties.tags`` are "postmortem" and the rule's family,
read from the hundreds digit of its ID (PM2xx: "timeline").

Locations are relative to ``%SRCROOT%``, the workspace (``GITHUB_WORKSPACE``, else the
current directory); columns count code points. ``primaryLocationLineHash`` hashes the
rule and the finding's line text, so an alert keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from postmortem_lint import __version__
from postmortem_lint.checks import HOME, Rule, registry
from postmortem_lint.reporters import Items, Report, Style, whole
from postmortem_lint.reporters.github import workspace_path
from postmortem_lint.violation import Violation

_DIGITS = re.compile(r"\d+")
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ROOT = "%SRCROOT%"

FAMILIES: Final[Mapping[str, str]] = {
    "0": "structure",
    "1": "summary",
    "2": "timeline",
    "3": "root-cause",
    "4": "action-items",
    "5": "writing",
    "6": "dates-and-times",
    "7": "blameless",
}
"""The tag of each rule family, by the hundreds digit of a built-in ID (``PM6xx``)."""
_FAMILY_ID = re.compile(r"PM(\d)\d\d")


def render(report: Report, style: Style) -> str:
    return whole(Writer(style), report)


class Writer(Items):
    """The log up to its results, then the results as the files come, then its end."""

    depth = 4  # log → runs → run → results → result

    def __init__(self, style: Style) -> None:
        super().__init__(style)
        self.index = {rule.id: number for number, rule in enumerate(registry())}
        self.seen: dict[tuple[str, str], int] = {}
        head, tail = _log().split(_RESULTS)
        self.before, self.after = head + _RESULTS[:-1], _RESULTS[-1] + tail + "\n"

    def items(self, report: Report) -> list[dict[str, Any]]:
        self.seen.clear()  # counts per file, and a part holds whole files
        return [_result(v, self.index[v.rule], report, self.seen) for v in report.violations]


_RESULTS = '"results": []'


def _log() -> str:
    """The log with no results (the run's last key: ``"results": []``)."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    run = {
        "tool": {
            "driver": {
                "name": "postmortem-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOME,
                "rules": [_rule(rule) for rule in registry()],
            }
        },
        "originalUriBaseIds": {_ROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    log = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)  # in strings, quotes are escaped


def _rule(rule: Rule) -> dict[str, Any]:
    uri = rule.url
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _description(rule.doc)},
        "help": {"text": rule.doc, "markdown": help_markdown(rule, uri)},
        "helpUri": uri,
        "defaultConfiguration": {"level": rule.level.value},
        "properties": {"tags": tags(rule)},
    }


def tags(rule: Rule) -> list[str]:
    """The rule's tags: "postmortem", then its family when its ID is in a family's range."""
    family = _FAMILY_ID.fullmatch(rule.id)
    if family is None or family.group(1) not in FAMILIES:
        return ["postmortem"]
    return ["postmortem", FAMILIES[family.group(1)]]


def _description(doc: str) -> str:
    """The documentation's paragraphs before its first example, each on one line."""
    paragraphs: list[str] = []
    for paragraph in doc.split("\n\n"):
        if paragraph.rstrip().endswith("::"):
            break
        paragraphs.append(" ".join(paragraph.split()))
    return "\n\n".join(paragraphs)


def _result(
    v: Violation, rule_index: int, report: Report, seen: dict[tuple[str, str], int]
) -> dict[str, Any]:
    path = workspace_path(v.path)
    artifact = (
        {"uri": Path(path).as_uri()}
        if os.path.isabs(path)
        else {"uri": quote(path), "uriBaseId": _ROOT}
    )
    region = {
        "startLine": v.line,
        "startColumn": v.column,
        "endLine": v.end_line,
        "endColumn": v.end_column,
    }
    return {
        "ruleId": v.rule,
        "ruleIndex": rule_index,
        "level": v.level,
        "message": {"text": v.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {"primaryLocationLineHash": _line_hash(v, report, seen)},
    }


def _line_hash(v: Violation, report: Report, seen: dict[tuple[str, str], int]) -> str:
    """A hash of the rule and the line's text, with ``:n`` for its n-th repeat in the file.
    A finding about the whole file hashes its message instead, numbers masked (a word
    count changes with every edit), so editing line 1 keeps its identity."""
    if v.about_file:
        text = "file\0" + _DIGITS.sub("0", v.message)
    else:
        lines = report.sources.get(v.path, [])
        text = " ".join(lines[v.line - 1].split()) if 0 < v.line <= len(lines) else ""
    digest = hashlib.sha256(f"{v.rule}\0{text}".encode()).hexdigest()[:16]
    key = (v.path, digest)
    seen[key] = seen.get(key, 0) + 1
    return f"{digest}:{seen[key]}"


# help.markdown: a rule's documentation, from its reST-ish docstring to GitHub Markdown.

_LITERAL = re.compile(r"``(.+?)``")  # an inline literal, ``like this``
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*?)[^\s*](?:[^*]*[^\s*])?\1(?![\w*])")
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")  # punctuation Markdown could read as markup
_BULLET = re.compile(r"[*+-] ")
_OPENS_ENTRY = re.compile(r"[A-Za-z][\w-]* \([^)]*\):")  # "min-words (int):" in "Options:"
_TERMS = re.compile(r"[A-Za-z][\w-]*(?:, [A-Za-z][\w-]*)*(?= \(|:)")


def help_markdown(rule: Rule, uri: str) -> str:
    """*rule*'s documentation as Markdown: its paragraphs and lists, each ``::`` example as
    a fenced code block, and last a link to *uri*, its section of the README."""
    blocks = _doc_blocks(rule.doc)
    indents = [_indent(line) for kind, lines in blocks if kind == "example" for line in lines]
    unit = min((indent for indent in indents if indent is not None), default=0)
    parts = [
        _fenced([line[unit:] for line in lines])
        if kind == "example"
        else _text(lines, set(rule.options))
        for kind, lines in blocks
    ]
    parts.append(f"Read more in the README: [{rule.id} {_inline(rule.name)}]({uri})")
    return "\n\n".join(parts) + "\n"


def _doc_blocks(doc: str) -> list[tuple[str, list[str]]]:
    """*doc* as ("text", lines) paragraphs and the ("example", lines) literal blocks that
    follow a paragraph ending in ``::`` (indented, blank lines inside them kept)."""
    lines = doc.expandtabs(4).splitlines()
    blocks: list[tuple[str, list[str]]] = []
    at = 0
    while at < len(lines):
        if not lines[at].strip():
            at += 1
            continue
        start = at
        introduced = bool(blocks) and blocks[-1][0] == "text"
        if introduced and blocks[-1][1][-1].rstrip().endswith("::") and _indent(lines[at]):
            while at < len(lines) and (not lines[at].strip() or _indent(lines[at])):
                at += 1
            example = lines[start:at]
            while not example[-1].strip():
                example.pop()
            blocks.append(("example", [line.rstrip() for line in example]))
            continue
        while at < len(lines) and lines[at].strip():
            at += 1
        blocks.append(("text", lines[start:at]))
    return blocks


def _indent(line: str) -> int | None:
    """The indentation of *line*; None for a blank one."""
    return len(line) - len(line.lstrip(" ")) if line.strip() else None


def _text(lines: list[str], options: set[str]) -> str:
    """A paragraph: a bullet list, a heading line over indented entries (``Options:``), or
    prose joined onto one line."""
    if _BULLET.match(lines[0]):
        return "\n".join(f"- {_inline(item[2:])}" for item in _entries(lines, _BULLET))
    entries = lines[1:]
    if entries and lines[0].rstrip().endswith(":") and all(_indent(e) for e in entries):
        items = _entries(entries, _OPENS_ENTRY)
        return _prose(lines[:1]) + "\n\n" + "\n".join(f"- {_entry(i, options)}" for i in items)
    return _prose(lines)


def _entries(lines: list[str], opens: re.Pattern[str]) -> list[str]:
    """*lines* as entries, each one line: a new one at the first line and at each line that
    *opens*, at the first line's indentation; other lines continue the entry before."""
    margin = _indent(lines[0])
    entries: list[list[str]] = []
    for line in lines:
        if not entries or (_indent(line) == margin and opens.match(line.strip())):
            entries.append([])
        entries[-1].append(line.strip())
    return [" ".join(entry) for entry in entries]


def _entry(text: str, options: set[str]) -> str:
    """An entry of ``Options:``, the option names it opens with as code."""
    terms = _TERMS.match(text)
    if terms is None or not set(terms.group().split(", ")) <= options:
        return _inline(text)
    names = ", ".join(_code(name) for name in terms.group().split(", "))
    return names + _inline(text[terms.end() :])


def _prose(lines: list[str]) -> str:
    """Lines of a paragraph as one Markdown line; a closing ``::`` becomes ``:`` (or goes,
    after a space), as reST renders it."""
    text = " ".join(line.strip() for line in lines)
    if text.endswith("::"):
        text = text[:-2].rstrip() if text[:-2].endswith(" ") else text[:-1]
    text = _inline(text)
    if re.match(r"#|\d+[.)] ", text):  # would open a heading or a numbered list
        text = re.sub(r"^(\d*)([#.)])", r"\1\\\2", text)
    return text


def _inline(text: str) -> str:
    """reST inline markup as Markdown: ````literal```` as code, ``*emphasis*`` and
    ``**strong**`` kept, other Markdown punctuation escaped."""
    out: list[str] = []
    for index, part in enumerate(_LITERAL.split(text)):
        if index % 2:
            out.append(_code(part))
            continue
        last = 0
        for emphasis in _EMPHASIS.finditer(part):
            marker = emphasis.group(1)
            inner = emphasis.group()[len(marker) : -len(marker)]
            out.append(_SPECIAL.sub(r"\\\1", part[last : emphasis.start()]))
            out.append(marker + _SPECIAL.sub(r"\\\1", inner) + marker)
            last = emphasis.end()
        out.append(_SPECIAL.sub(r"\\\1", part[last:]))
    return "".join(out)


def _code(text: str) -> str:
    """*text* as a code span, with a fence longer than any run of backticks in it."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(lines: list[str]) -> str:
    """An example as a fenced code block: postmortem Markdown, shown as written."""
    longest = max((len(run) for line in lines for run in re.findall("`{3,}", line)), default=2)
    fence = "`" * (longest + 1)
    return "\n".join([f"{fence}markdown", *lines, fence])
