"""The markdown-it walk: tokens to a flat list of headings and blocks, in order."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postmortem_lint.document._disguise import (
    Heading,
    Line,
    clean_title,
    disguised,
    indented_label,
    item_heading,
    joined_label,
)
from postmortem_lint.document._model import Block, BlockKind, Disguise, Link
from postmortem_lint.document._parser import markdown
from postmortem_lint.sections import Catalogue, drop_shortcodes

if TYPE_CHECKING:
    from markdown_it.token import Token

FUZZY_NAMES = 1000
"""Lookups of a section name (headings and the lines that may be headings in disguise)
that allow a small misspelling; the ones after them in a file match exactly (a file of
10⁵ distinct headings or bold lines would take minutes otherwise)."""
_ATX = re.compile(r"^ {0,3}#{1,6}\s+\S")
_HTML_OPEN = re.compile(r"<h([1-6])(?=[\s>])", re.IGNORECASE)  # a heading's opening tag
_HTML_CLOSE = re.compile(r"</h([1-6])\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_TASK = re.compile(r"^\[([ xX])\]\s+")
_HTML_ITEM = re.compile(r"<li\b", re.IGNORECASE)
_HTML_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|#\d+);")
_DECORATION = " :;|-\u2013\u2014"  # what may sit beside emphasis on a heading line


@dataclass(repr=False, eq=False)
class Walk:
    """What the walk collects: headings and blocks in order, and what sits beside them."""

    events: list[Heading | Block] = field(default_factory=list)
    code_lines: set[int] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # from HTML id/name attributes
    unclosed_fence: int | None = None


def walk(lines: Sequence[str], parsed: Sequence[str], catalogue: Catalogue) -> Walk:
    """Parse *parsed* (the source lines with front matter and conflicts blanked) and walk
    the tokens once; *lines* are the source lines findings point at."""
    walker = _Walker(lines, catalogue)
    walker.run(markdown().parse("\n".join(parsed)))
    return walker.out


class _Walker:
    def __init__(self, lines: Sequence[str], catalogue: Catalogue) -> None:
        self.lines = lines
        self.catalogue = catalogue
        self.fuzzy = FUZZY_NAMES  # name lookups left that allow a misspelling
        self.out = Walk()
        self.columns: tuple[str, ...] = ()  # the header cells of the table being walked

    def run(self, tokens: Sequence[Token]) -> None:
        depth = 0
        quote = 0
        item_open: list[bool] = []  # per open list item: has its own text been taken?
        row: list[str] | None = None
        row_line = 0
        header = False
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif kind == "list_item_open":
                item_open.append(False)
                if tokens[index + 1].type != "paragraph_open":
                    self._empty_item(token, depth, quote > 0)
                    item_open[-1] = True
            elif kind == "list_item_close":
                item_open.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "heading_open":
                self._heading(token, tokens[index + 1])
                index += 2
            elif kind == "paragraph_open":
                inline = tokens[index + 1]
                if item_open and not item_open[-1]:
                    item_open[-1] = True
                    self._item(token, inline, depth, quote > 0)
                else:
                    self._paragraph(inline, quote > 0, contained=bool(item_open))
                index += 2
            elif kind in ("fence", "code_block"):
                self._code(token)
            elif kind == "html_block":
                self._html(token)
            elif kind == "table_open":
                self.columns = ()
            elif kind == "thead_open":
                header = True
            elif kind == "thead_close":
                header = False
            elif kind == "tr_open":
                row, row_line = [], (token.map[0] + 1 if token.map else 0)
            elif kind == "inline" and row is not None:
                row.append(" ".join(line.text for line in self._inline_lines(token, row_line)))
            elif kind == "tr_close" and row is not None:
                self._row(row, row_line, header, quote > 0)
                row = None
            index += 1

    def _inline_lines(self, inline: Token, first_line: int) -> list[Line]:
        """Split an inline token's prose by source line, noting emphasis-only lines."""
        out: list[Line] = []
        parts: list[str] = []
        plain = emphasized = linked = False
        emphasis = 0
        lead: str | None = None  # the text of emphasis that opens the line, once closed
        link_href: str | None = None
        link_text: list[str] = []
        number = first_line

        brs: list[int] = []  # where a <br> ends a rendered line, in "".join(parts)

        def close_line(hard: bool = False) -> None:
            nonlocal parts, plain, emphasized, linked, number, lead, brs
            raw = "".join(parts)
            text = raw.strip()
            only = emphasized and not plain
            opener = lead if lead is not None and not only and len(lead) < len(text) else ""
            skip = len(raw) - len(raw.lstrip())
            inside = tuple(at - skip for at in brs if 0 < at - skip < len(text))
            hard = hard or any(at - skip >= len(text) for at in brs)
            out.append(Line(number, text, only, linked, opener, inside, hard))
            parts, plain, emphasized, linked, lead, brs = [], False, False, False, None, []
            number += 1

        for child in inline.children or ():
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                close_line(hard=kind == "hardbreak")
                continue
            if kind in ("strong_open", "em_open"):
                emphasis += 1
            elif kind in ("strong_close", "em_close"):
                emphasis -= 1
                if emphasis == 0 and lead is None and not plain and "".join(parts).strip():
                    lead = "".join(parts).strip()
            elif kind == "link_open":
                link_href = str(child.attrs.get("href", ""))
                link_text = []
                linked = True
            elif kind == "link_close":
                if link_href is not None:
                    self.out.links.append(Link(number, link_href, "".join(link_text)))
                link_href = None
            elif kind == "image":
                continue
            elif kind == "html_inline":
                if _BR.fullmatch(child.content.strip()):
                    parts.append(" ")
                    brs.append(len("".join(parts)))
                self._html_anchor(child.content)
                continue
            if kind in ("text", "code_inline"):
                content = child.content
                parts.append(content)
                if link_href is not None:
                    link_text.append(content)
                if drop_shortcodes(content).strip(_DECORATION):
                    if emphasis > 0:
                        emphasized = True
                    else:
                        plain = True
        close_line()
        return out

    def _heading(self, open_token: Token, inline: Token) -> None:
        line = open_token.map[0] + 1 if open_token.map else 1
        title = " ".join(part.text for part in self._inline_lines(inline, line))
        title = title.strip().rstrip(":").rstrip()
        level = int(open_token.tag[1])
        key = self._match(title)
        self.out.events.append(Heading(title, level, line, key, None, self._source(line)))

    def _match(self, title: str) -> str | None:
        """The section *title* names: despite a small misspelling while lookups that allow
        one are left (this one spends one)."""
        self.fuzzy -= 1
        return self.catalogue.match(title, self.fuzzy >= 0)

    def _first_line(self, inline: Token) -> int:
        """The line an inline token's text starts on. markdown-it strips a paragraph of
        whitespace CommonMark does not call blank (U+2028, U+2029, form feed, no-break
        space ...), whole lines of it too: the text then starts below the line its map
        gives. It starts on the first line of the map holding its first line."""
        if not inline.map:
            return 1
        start, end = inline.map
        first = inline.content.split("\n", 1)[0].strip().replace("\ufffd", "\x00")  # NUL
        if first:
            for number in range(start, min(end, len(self.lines))):
                if first in self.lines[number]:
                    return number + 1
        return start + 1

    def _paragraph(self, inline: Token, quoted: bool, contained: bool = False) -> None:
        first = self._first_line(inline)
        lines = self._inline_lines(inline, first)
        pending: list[Line] = []
        for index, line in enumerate(lines):
            source = self._source(line.number)
            heading = (
                None
                if quoted
                else disguised(
                    line,
                    source,
                    self.catalogue,
                    alone=len(lines) == 1,
                    first=index == 0,
                    match=self._match,
                )
            )
            if heading is None:
                pending.append(line)
                continue
            self._flush(pending, BlockKind.PARAGRAPH, quoted)
            pending = []
            heading.contained = contained
            heading.joined = index > 0
            self.out.events.append(heading)
            if heading.disguise is Disguise.INLINE:  # the text run on after the label
                pending.append(_after_label(line))
        self._flush(pending, BlockKind.PARAGRAPH, quoted)

    def _flush(self, lines: list[Line], kind: BlockKind, quoted: bool) -> None:
        if not lines:
            return
        breaks: list[int] = []
        offset = 0
        for index, line in enumerate(lines):
            breaks.extend(offset + at for at in line.breaks)
            offset += len(line.text) + 1
            if line.hard_end and index + 1 < len(lines):
                breaks.append(offset)
        self.out.events.append(
            Block(
                kind,
                "\n".join(line.text for line in lines),
                lines[0].number,
                lines[-1].number,
                tuple((line.number, line.text) for line in lines),
                breaks=tuple(breaks),
            )
        )

    def _item(self, item_token: Token, inline: Token, depth: int, quoted: bool) -> None:
        first = self._first_line(inline)
        lines = self._inline_lines(inline, first)
        rest: list[Line] = []
        label: Heading | None = None  # the first label run on from the item, if any
        for index, line in enumerate(lines[1:], start=1):
            source = self._source(line.number)
            label = None if quoted else joined_label(line, source, self.catalogue, self._match)
            if label is not None:
                lines, rest = lines[:index], lines[index:]
                break
        heading = (
            None
            if quoted
            else item_heading(lines, self._source(first), self.catalogue, depth, self._match)
        )
        if heading is not None:
            self.out.events.append(heading)
        else:
            self._item_block(item_token, lines, depth, quoted)
        pending: list[Line] = []
        for index, line in enumerate(rest):  # each label run on starts a section; text follows
            if index:  # the first is the label found above (a lookup is not spent twice)
                label = joined_label(line, self._source(line.number), self.catalogue, self._match)
            if label is None:
                pending.append(line)
                continue
            self._flush(pending, BlockKind.PARAGRAPH, quoted)
            pending = []
            self.out.events.append(label)
        self._flush(pending, BlockKind.PARAGRAPH, quoted)

    def _item_block(self, item_token: Token, lines: list[Line], depth: int, quoted: bool) -> None:
        first = lines[0].number
        text = "\n".join(line.text for line in lines)
        task = _TASK.match(text)
        if task:
            text = text[task.end() :]
            lines[0].text = lines[0].text[task.end() :]
        last = item_token.map[1] if item_token.map else first
        self.out.events.append(
            Block(
                BlockKind.ITEM,
                text,
                first,
                max(first, min(last, lines[-1].number)),
                tuple((line.number, line.text) for line in lines),
                depth=depth,
                task=task is not None,
                checked=bool(task and task.group(1) in "xX"),
            )
        )

    def _empty_item(self, token: Token, depth: int, quoted: bool) -> None:
        line = token.map[0] + 1 if token.map else 1
        self.out.events.append(Block(BlockKind.ITEM, "", line, line, ((line, ""),), depth=depth))

    def _row(self, cells: list[str], line: int, header: bool, quoted: bool) -> None:
        text = " | ".join(cells)
        if header:
            self.columns = tuple(cells)
        self.out.events.append(
            Block(
                BlockKind.ROW,
                text,
                line,
                line,
                ((line, text),),
                header=header,
                cells=tuple(cells),
                columns=self.columns,
            )
        )

    def _code(self, token: Token) -> None:
        start, end = token.map if token.map else (0, 0)
        self.out.code_lines.update(range(start + 1, end + 1))
        if token.type == "fence" and self.out.unclosed_fence is None:
            closing = self.lines[end - 1].strip() if end - 1 < len(self.lines) else ""
            if (
                end - start < 2
                or not closing.startswith(token.markup[:3])
                or closing.strip(token.markup[0])
            ):
                self.out.unclosed_fence = start + 1
        first = start + 1 if token.type == "code_block" else start + 2
        if token.type == "code_block":
            label = indented_label(token.content, first, self._source(first), self._match)
            if label is not None:
                self.out.events.append(label)
                return
        segments = tuple(enumerate(token.content.split("\n"), start=first))
        self.out.events.append(
            Block(
                BlockKind.CODE,
                token.content,
                start + 1,
                max(start + 1, end),
                segments,
                indented=token.type == "code_block",
            )
        )

    def _html(self, token: Token) -> None:
        start, _end = token.map if token.map else (0, 0)
        content = _blank_comments(token.content)
        self._html_anchor(content)
        pending: list[Line] = []
        for offset, raw in enumerate(content.split("\n")):
            number = start + offset + 1
            found = _html_heading(raw) if "</h" in raw.lower() else None
            if found:
                self._flush(pending, BlockKind.HTML, False)
                pending = []
                level, inner = found
                title = _ENTITY.sub(" ", _untagged(inner, "")).strip()
                key = self._match(title)
                heading = Heading(title, level, number, key, None, self._source(number))
                self.out.events.append(heading)
                continue
            text = _ENTITY.sub(" ", _untagged(_BR.sub(" ", raw), " ")).strip()
            if _ATX.match(raw):  # swallowed by the HTML block: it renders as text
                self._flush(pending, BlockKind.HTML, False)
                pending = []
                hashes = len(raw.strip()) - len(raw.strip().lstrip("#"))
                title = clean_title(raw.strip().lstrip("#"))
                key = self._match(title)
                heading = Heading(title, hashes, number, key, Disguise.SWALLOWED, raw, title)
                self.out.events.append(heading)
                continue
            if text and _HTML_ITEM.search(raw):  # <li> renders as a list item
                self._flush(pending, BlockKind.HTML, False)
                pending = []
                self.out.events.append(
                    Block(BlockKind.ITEM, text, number, number, ((number, text),), depth=1)
                )
            elif text:
                pending.append(Line(number, text, False))
        self._flush(pending, BlockKind.HTML, False)

    def _html_anchor(self, html: str) -> None:
        for found in _HTML_ID.finditer(html):
            self.out.anchors.add(found.group(1))

    def _source(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def _after_label(line: Line) -> Line:
    """What a line holds after its label (``**Timeline:** - 08:45 ...``, ``Timeline: ...``)."""
    text = line.text.strip()
    if line.lead:
        rest = text[len(line.lead.strip()) :].lstrip().removeprefix(":")
    else:
        rest = text.split(":", 1)[1]
    return Line(line.number, rest.lstrip(), False, line.linked)


def _html_heading(line: str) -> tuple[int, str] | None:
    """The level and inner HTML of the first ``<hN ...>...</hN>`` on *line*. One pass over
    the opening tags, the closing ones found first: a regex would rescan the rest of the
    line from each ``<hN>`` never closed."""
    closes: dict[str, list[int]] = {}  # per level, where its closing tags start
    for close in _HTML_CLOSE.finditer(line):
        closes.setdefault(close.group(1), []).append(close.start())
    tag_end = 0  # past the next ">" after the last opening tag with attributes
    for opening in _HTML_OPEN.finditer(line):
        end = opening.end() + 1
        if line[opening.end()] != ">":  # attributes, up to the next ">"
            if tag_end <= opening.end():
                tag_end = line.find(">", opening.end()) + 1
                if tag_end == 0:
                    return None  # no ">" from here on: no opening tag ends
            end = tag_end
        starts = closes.get(opening.group(1), [])
        after = bisect.bisect_left(starts, end)
        if after < len(starts):
            return int(opening.group(1)), line[end : starts[after]]
    return None


def _untagged(text: str, replacement: str) -> str:
    """*text* with each tag replaced by *replacement*. A tag ends in ``>``: past the last one
    the regex is not run (from each ``<`` never closed it would rescan the rest of the line:
    quadratic on a line of ``<!--``)."""
    end = text.rfind(">") + 1
    return _TAG.sub(replacement, text[:end]) + text[end:]


def _blank_comments(text: str) -> str:
    """*text* with each closed HTML comment replaced by its line breaks (so lines hold), in
    one pass: a regex over 10⁵ unclosed ``<!--`` would rescan the rest of the text for each."""
    out: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # unclosed: left as it is written
        out += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end + 3
    out.append(text[at:])
    return "".join(out)
