"""A rule's documentation, from its reST-ish docstring to GitHub Markdown: what SARIF's
``help.markdown`` carries and what the language server shows on hover."""

from __future__ import annotations

import re

from postmortem_lint.checks import Rule

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
