"""Headings in disguise: lines that name a section but do not render as a heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from postmortem_lint.document._model import Block, BlockKind, Disguise
from postmortem_lint.sections import Catalogue

_NO_SPACE_HEADING = re.compile(r"^ {0,3}(#{1,6})([^\W\d_#][^\n]*)$")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = (".", "!", "?")
_MARKS = "*_# \t"  # emphasis marks, hashes and space left around a title
_MOST_WORDS = 8  # a line naming a section has at most this many words
_MOST_EMPHASIS_WORDS = 10  # a bold line standing as a heading has at most this many


@dataclass
class Heading:
    """A heading met in the walk (real or disguised), before the tree is built.

    ``key`` is the id of the pack's section it names; ``level`` 0 means "to be decided"
    (a disguise has no level of its own); ``original`` is the block it came from, given
    back when it turns out to be a list of section names; ``contained``: inside a list
    item, so it cannot become a heading where it is; ``joined``: it runs on from the
    line above with no blank line between.
    """

    title: str
    level: int
    line: int
    key: str | None
    disguise: Disguise | None
    source: str
    rendered: str = ""
    original: Block | None = None
    contained: bool = False
    joined: bool = False


@dataclass
class Line:
    """One source line of an inline token's prose."""

    number: int
    text: str
    emphasized_only: bool
    linked: bool = False


def clean_title(text: str) -> str:
    """A disguised heading's words: no emoji shortcodes, stray emphasis marks, surrounding
    space or end colon."""
    return _SHORTCODE.sub("", text).strip(_MARKS).rstrip(":;").strip(_MARKS)


def disguised(line: Line, source: str, catalogue: Catalogue, alone: bool) -> Heading | None:
    """A heading in disguise on *line* of a paragraph (*source* is its raw text);
    *alone*: the line is a whole paragraph."""
    hashes = _NO_SPACE_HEADING.match(source)
    if hashes and len(source.split()) <= 12:
        title = clean_title(line.text.lstrip("#"))
        key = catalogue.match(title)
        return Heading(
            title, len(hashes.group(1)), line.number, key, Disguise.NO_SPACE, source, line.text
        )
    if line.linked:
        return None
    stripped = clean_title(line.text)
    words = len(line.text.split())
    if (
        alone
        and line.emphasized_only
        and words <= _MOST_EMPHASIS_WORDS
        and not stripped.endswith(_SENTENCE_END)
    ):
        key = catalogue.match(stripped)
        if key is not None or not _DIGIT.search(stripped):  # a dated byline is no heading
            return Heading(stripped, 0, line.number, key, Disguise.EMPHASIS, source, line.text)
    if words > _MOST_WORDS:
        return None
    key = catalogue.match(line.text)
    if key is None:
        return None
    if line.emphasized_only:
        return Heading(stripped, 0, line.number, key, Disguise.EMPHASIS, source, line.text)
    if catalogue.names_only(line.text, key) and not source.startswith(("\t", "    ")):
        original = Block(
            BlockKind.PARAGRAPH, line.text, line.number, line.number, ((line.number, line.text),)
        )
        return Heading(stripped, 0, line.number, key, Disguise.PLAIN, source, line.text, original)
    return None


def item_heading(
    lines: list[Line], source: str, catalogue: Catalogue, depth: int
) -> Heading | None:
    """A list item that only names a section (``+ Issue Summary:``)."""
    text = "\n".join(line.text for line in lines)
    if len(lines) != 1 or lines[0].linked or len(text.split()) > _MOST_WORDS:
        return None
    key = catalogue.match(text)
    if key is None or not (lines[0].emphasized_only or catalogue.names_only(text, key)):
        return None
    first = lines[0].number
    item = Block(BlockKind.ITEM, text, first, first, ((first, text),), depth=depth)
    return Heading(clean_title(text), 0, first, key, Disguise.LIST_ITEM, source, text, item)


def joined_names(lines: list[Line], catalogue: Catalogue) -> list[tuple[int, str]]:
    """Lines after the first of a list item that only name a section: run into the item."""
    out = []
    for line in lines[1:]:
        key = catalogue.match(line.text) if len(line.text.split()) <= _MOST_WORDS else None
        if key is not None and catalogue.names_only(line.text, key):
            out.append((line.number, clean_title(line.text)))
    return out
