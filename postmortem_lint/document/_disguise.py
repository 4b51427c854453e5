"""Headings in disguise: lines that name a section but do not render as a heading."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from postmortem_lint.document._model import Block, BlockKind, Disguise
from postmortem_lint.sections import Catalogue, drop_shortcodes

Match = Callable[[str], str | None]  # a name to the id of the section it names, or None

_NO_SPACE_HEADING = re.compile(r"^ {0,3}(#{1,6})([^\W\d_#][^\n]*)$")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = (".", "!", "?")
_PLAIN_END = (".", "!", "?", ",")  # a plain line ending so is a wrapped sentence, not a label
_MARKS = "*_# \t"  # emphasis marks, hashes and space left around a title
_DECORATION = "-\u2013\u2014=~|>"  # dashes and rules drawn around a name: --Root Cause--
_PLAIN_LABEL = re.compile(r"([A-Za-z][^:]{2,60}):\s+\S")  # "Issue Summary: On June 9 ..."
_LINK_TEXT = re.compile(r"\[[^\]]*\]\(#[^)]*\)")  # [Issue Summary](#Issue Summary): no link
_MOST_WORDS = 8  # a line naming a section has at most this many words
_CENTRED = 8  # an indented line naming a section is a centred title from this many columns
_MOST_EMPHASIS_WORDS = 10  # a bold line standing as a heading has at most this many


@dataclass(repr=False, eq=False)
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
    keys: tuple[str, ...] = ()  # ids of the sections its title names, kept as a field
    label: bool = False  # a field or part label inside a real section: no heading wanted


@dataclass(repr=False, eq=False)
class Line:
    """One source line of an inline token's prose."""

    number: int
    text: str
    emphasized_only: bool
    linked: bool = False
    lead: str = ""  # the emphasized text the line starts with, when more text follows
    breaks: tuple[int, ...] = ()  # where a <br> starts a new rendered line within the text
    hard_end: bool = False  # the line ends in a hard break (<br>, two spaces, a backslash)


def clean_title(text: str) -> str:
    """A disguised heading's words: no emoji shortcodes, stray emphasis marks, surrounding
    space or end colon."""
    text = drop_shortcodes(text).strip(_MARKS).rstrip(":;").strip(_MARKS)
    return text.strip(_DECORATION + " ").rstrip(":;").strip(_MARKS + _DECORATION)


def disguised(
    line: Line, source: str, catalogue: Catalogue, *, alone: bool, first: bool, match: Match
) -> Heading | None:
    """A heading in disguise on *line* of a paragraph (*source* is its raw text);
    *alone*: the line is a whole paragraph; *first*: it is the paragraph's first line;
    *match* looks a section name up (the walk's: it bounds the misspelt ones)."""
    hashes = _NO_SPACE_HEADING.match(source)
    if hashes and len(source.split()) <= 12:
        title = clean_title(line.text.lstrip("#"))
        key = match(title)
        # a name the pack does not know: a title on its own line, not a #hashtag or a
        # shell comment in running text
        if key is not None or (alone and len(title.split()) <= 6 and title[:1].isupper()):
            level = len(hashes.group(1))
            return Heading(title, level, line.number, key, Disguise.NO_SPACE, source, line.text)
    if line.linked or _LINK_TEXT.search(line.text):
        return None
    stripped = clean_title(line.text)
    words = len(line.text.split())
    if (
        alone
        and line.emphasized_only
        and words <= _MOST_EMPHASIS_WORDS
        and not stripped.endswith(_SENTENCE_END)
    ):
        key = match(stripped)
        if key is not None or not _DIGIT.search(stripped):  # a dated byline is no heading
            return Heading(stripped, 0, line.number, key, Disguise.EMPHASIS, source, line.text)
    inline = _inline_label(line, source, catalogue, match) if line.lead else None
    if inline is None and first and not line.emphasized_only:
        inline = _plain_inline_label(line, source, catalogue, match)
    if inline is not None:
        return inline
    # a plain line that cannot be a label is no heading: no need to match it (fuzzily)
    if words > _MOST_WORDS or not (line.emphasized_only or _plain_label(line.text, first)):
        return None
    key = match(line.text)
    if key is None:
        return None
    if line.emphasized_only:
        return Heading(stripped, 0, line.number, key, Disguise.EMPHASIS, source, line.text)
    if catalogue.names_only(line.text, key):
        if source.startswith(("\t", "    ")):
            return None
        original = Block(
            BlockKind.PARAGRAPH, line.text, line.number, line.number, ((line.number, line.text),)
        )
        return Heading(stripped, 0, line.number, key, Disguise.PLAIN, source, line.text, original)
    return None


def _plain_label(text: str, first: bool) -> bool:
    """Whether a plain line can be a label: not the end of a wrapped sentence (a later
    line of a paragraph that starts in lower case and has no colon)."""
    text = text.strip()
    if text.endswith(_PLAIN_END):
        return False
    return first or not text[:1].islower() or text.endswith(":")


def _plain_inline_label(
    line: Line, source: str, catalogue: Catalogue, match: Match
) -> Heading | None:
    """A plain label naming a required section, with text after it, opening a paragraph:
    ``Issue Summary: On November 5 ...``. A label of a section the document also names
    elsewhere turns out to be a field of the section it sits in."""
    found = _PLAIN_LABEL.match(line.text)
    if found is None or source.startswith(("\t", "    ")):
        return None
    name = found.group(1)
    key = match(name)
    if key is None or key not in catalogue.rank() or not catalogue.names_only(name, key):
        return None
    return Heading(clean_title(name), 0, line.number, key, Disguise.INLINE, source, line.text)


def _inline_label(line: Line, source: str, catalogue: Catalogue, match: Match) -> Heading | None:
    """A bold label naming a section, with text run on after it on the same line:
    ``**Timeline:** - 08:45 UTC ...``. The label must end with a colon (inside or
    right after the emphasis)."""
    lead = line.lead.strip()
    rest = line.text.strip()[len(lead) :].lstrip()
    if not (lead.endswith(":") or rest.startswith(":")) or len(lead.split()) > _MOST_WORDS:
        return None
    if not any(character.isalnum() for character in rest):
        return None
    key = match(lead)
    if key is None or not catalogue.names_only(lead, key):
        return None
    return Heading(clean_title(lead), 0, line.number, key, Disguise.INLINE, source, line.text)


def item_heading(
    lines: list[Line], source: str, catalogue: Catalogue, depth: int, match: Match
) -> Heading | None:
    """A list item that only names a section (``+ Issue Summary:``), or is a bold label
    naming one (``- **Immediate Remediation:**``)."""
    text = "\n".join(line.text for line in lines)
    if len(lines) != 1 or lines[0].linked or len(text.split()) > _MOST_WORDS:
        return None
    key = match(text)
    label = lines[0].emphasized_only and text.rstrip("*_ ").endswith(":")
    if key is None or not (label or catalogue.names_only(text, key)):
        return None
    first = lines[0].number
    item = Block(BlockKind.ITEM, text, first, first, ((first, text),), depth=depth)
    return Heading(clean_title(text), 0, first, key, Disguise.LIST_ITEM, source, text, item)


def joined_label(line: Line, source: str, catalogue: Catalogue, match: Match) -> Heading | None:
    """A line run on from the list item above (no blank line between) that only names a
    section, plainly or in bold: a heading that does not start where it looks to."""
    if line.linked or _LINK_TEXT.search(line.text) or len(line.text.split()) > _MOST_WORDS:
        return None
    if not (line.emphasized_only or _plain_label(line.text, first=False)):
        return None
    key = match(line.text)
    if key is None or not catalogue.names_only(line.text, key):
        return None
    disguise = Disguise.EMPHASIS if line.emphasized_only else Disguise.PLAIN
    original = Block(
        BlockKind.PARAGRAPH, line.text, line.number, line.number, ((line.number, line.text),)
    )
    heading = Heading(
        clean_title(line.text), 0, line.number, key, disguise, source, line.text, original
    )
    heading.joined = True
    heading.contained = source.startswith((" ", "\t"))  # indented under the item: inside it
    return heading


def indented_label(text: str, line: int, source: str, match: Match) -> Heading | None:
    """A code block that is one line naming a section, indented 8 or more columns (a title
    centred with spaces; a shallower indent may be a code sample)."""
    indent = len(source.expandtabs(4)) - len(source.expandtabs(4).lstrip())
    text = text.strip()
    if indent < _CENTRED or "\n" in text or len(text.split()) > _MOST_WORDS:
        return None
    if not _plain_label(text, first=True):
        return None
    key = match(text)
    if key is None:
        return None
    return Heading(clean_title(text), 0, line, key, Disguise.INDENTED, source, text)
