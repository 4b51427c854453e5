"""The markdown-it parser the walk reads: CommonMark plus tables, and inline text in which
no inline rule can start given its children without running the inline parser."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_SYNTAX = re.compile(r"[\\`*_\[<&]")
"""Where an inline rule of CommonMark can start (escape, code span, emphasis, link or
image, autolink or inline HTML, entity); line breaks are made below."""
_INLINE_RULES = (
    (
        "text",
        "newline",
        "escape",
        "backticks",
        "emphasis",
        "link",
        "image",
        "autolink",
        "html_inline",
        "entity",
    ),
    ("balance_pairs", "emphasis", "fragments_join"),
)
"""The inline rules :data:`_SYNTAX` was written for; with any other set (a markdown-it
release that adds one) the shortcut is not installed."""


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The parser, made once: ``MarkdownIt("commonmark").enable("table")`` with the core
    ``inline`` rule replaced by :func:`_inline`, whose tokens are the same, where its
    inline rules are those :data:`_INLINE_RULES` names."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    rules = (
        tuple(md.inline.ruler.get_active_rules()),
        tuple(md.inline.ruler2.get_active_rules()),
    )
    if rules == _INLINE_RULES:
        md.core.ruler.at("inline", _inline)
    return md


def _inline(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, but text without inline syntax (three inline
    tokens in four: headings, table cells, plain prose) is split into text and line
    breaks here, 7% of a parse saved."""
    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if _SYNTAX.search(token.content):
            md.inline.parse(token.content, md, state.env, token.children)
        else:
            token.children.extend(_plain(token.content))


def _plain(content: str) -> list[Token]:
    """The children markdown-it's inline parser makes of *content* holding no inline
    syntax: a text token per line and a break after each line but the last. As its
    ``newline`` rule does, a break after two or more trailing spaces is hard and takes
    them, after one it is soft and takes it; the next line's leading spaces and tabs are
    skipped."""
    from markdown_it.token import Token

    out: list[Token] = []
    lines = content.split("\n")
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index:
            line = line.lstrip(" \t")
        kind = ""
        if index < last:
            kind = "hardbreak" if line.endswith("  ") else "softbreak"
            if kind == "hardbreak":
                line = line.rstrip(" ")
            elif line.endswith(" "):
                line = line[:-1]
        if line:
            out.append(Token("text", "", 0, content=line))
        if kind:
            out.append(Token(kind, "br", 0))
    return out
