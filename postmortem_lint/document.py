"""Parse a postmortem into a :class:`Document`: source lines, blocks and a section tree.

markdown-it-py (CommonMark plus tables) parses the text once; rules share the result.
Headings in disguise become sections too, marked with how they were disguised:

* ``emphasis``  a line that is only bold/italic text naming a known section (``**Timeline:**``)
* ``list-item`` a list item that only names a known section (``+ Issue Summary:``)
* ``no-space``  ``#Heading`` with no space after the hashes
* ``plain``     a line that is only a known section name (``Timeline:``)

HTML headings ``<h1>``-``<h6>`` render as headings, so they are ordinary headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from postmortem_lint.sections import Catalogue, normalize

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_CONFLICT = re.compile(r"^(?:<{7}(?:\s.*)?|={7}\s*|>{7}(?:\s.*)?|\|{7}(?:\s.*)?)$")
_ATX = re.compile(r"^ {0,3}#{1,6}\s+\S")
_NO_SPACE_HEADING = re.compile(r"^ {0,3}(#{1,6})([^\W\d_#][^\n]*)$")
_HTML_HEADING = re.compile(r"<h([1-6])(?:\s[^>]*)?>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_URL_ANYWHERE = re.compile(r"https?://[^\s)>\]]+", re.IGNORECASE)
_TASK = re.compile(r"^\[([ xX])\]\s+")
_WORD = re.compile(r"(?<!\S)(?!<?https?://|www\.)(?=[^\s\w]*\w)\S+", re.IGNORECASE)
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_ITEM = re.compile(r"<li\b", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_SENTENCE_END = (".", "!", "?")
_DIGIT = re.compile(r"\d")
_MARKS = "*_# \t"  # emphasis marks, hashes and space left around a title
_DECORATION = " :;|-\u2013\u2014"  # what may sit beside emphasis on a heading line
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|#\d+);")

_DOCUMENT_HOSTS = (
    "docs.google",
    "drive.google",
    "medium.com",
    "hashnode",
    "linkedin.com",
    "notion.",
    "dev.to",
    "substack.com",
    "blogspot.",
    "wordpress.com",
    "gitbook.io",
    "dropbox.com",
    "onedrive",
    "sharepoint",
)  # where postmortems are published instead of in the file
_PLACEHOLDERS = frozenset(("todo", "tbd", "tba", "n/a", "na", "xxx", "lorem", "ipsum", "wip"))
_STUB_WORDS = 60  # fewer words and no section: not a postmortem (a real one has 400)


class DecodeError(ValueError):
    """The bytes are not UTF-8 text (binary or another encoding)."""


@dataclass(frozen=True)
class Block:
    """A unit of content with its source lines (1-based, inclusive).

    ``kind`` is ``paragraph``, ``item`` (a list item's own text), ``row`` (a table row),
    ``code`` (fenced or indented) or ``html``. ``segments`` pair each source line with the
    prose text that came from it, for pointing findings at exact columns.
    """

    kind: str
    text: str
    line: int
    end_line: int
    segments: tuple[tuple[int, str], ...] = ()
    depth: int = 0
    task: bool = False
    checked: bool = False
    header: bool = False
    cells: tuple[str, ...] = ()
    indented: bool = False
    quoted: bool = False


@dataclass(eq=False)
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    end_line: int = 0
    key: str | None = None
    disguise: str | None = None
    source: str = ""
    rendered: str = ""
    contained: bool = False
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list, repr=False)
    blocks: list[Block] = field(default_factory=list, repr=False)
    _words: int | None = field(default=None, repr=False)

    def heading_block(self) -> Block:
        """The heading's own text as a block, for rules that read what a heading says."""
        return Block("heading", self.title, self.line, self.line, ((self.line, self.title),))

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> Iterator[Block]:
        """Blocks of this section and of its subsections, in document order."""
        for section in self.walk():
            yield from section.blocks

    def prose(self) -> Iterator[Block]:
        """Blocks that render as text (not code)."""
        return (block for block in self.all_blocks() if block.kind != "code")

    def word_count(self) -> int:
        """Words in the body, excluding this section's own heading (computed once)."""
        if self._words is None:
            self._words = sum(count_words(block.text) for block in self.prose()) + sum(
                count_words(sub.title) for sub in self.walk() if sub is not self
            )
        return self._words


@dataclass(eq=False)
class Document:
    """A parsed postmortem."""

    text: str
    lines: list[str]
    root: Section
    sections: list[Section]
    blocks: list[Block]
    code_lines: frozenset[int]
    links: list[tuple[int, str, str]]
    anchors: frozenset[str]
    unclosed_fence: int | None
    hidden: list[
        tuple[int, str, str]
    ]  # section names that do not start a section: (line, name, why)
    stub: str | None
    words: int
    catalogue: Catalogue
    date_order: str = "mdy"
    conflicts: tuple[int, ...] = ()  # merge-conflict marker lines, set aside before parsing

    def first(self, *keys: str) -> Section | None:
        """The first section matching any of *keys*, preferring one with text under it, and
        one named by the section's own title ("Issue Summary") over an alias ("Overview")."""
        matching = [section for section in self.sections if section.key in keys]
        filled = [section for section in matching if section.word_count()] or matching
        titled = [section for section in filled if self._titled(section)]
        best = titled or filled
        return best[0] if best else None

    def _titled(self, section: Section) -> bool:
        spec = self.catalogue.by_id.get(section.key or "")
        return spec is not None and normalize(section.title).startswith(normalize(spec.title))

    def locate(self, block: Block, start: int, end: int) -> tuple[int, int, int, int]:
        """Map the span ``block.text[start:end]`` to (line, col, end_line, end_col), 1-based,
        the end exclusive.

        Prose drops Markdown syntax (bullets, ``**``), so each end is found by searching the
        source line for the text beside it, from where it can first be: the source holds the
        prose's characters in order, with syntax between them.
        """
        line, local, segment = self._segment(block, start)
        source = self._source(line)
        column = -1
        for size in _ANCHORS:
            anchor = segment[local : local + size]
            column = _find(source, anchor, local) if anchor else -1
            if column >= 0:
                break
        if column < 0:
            column = len(source) - len(source.lstrip())
        end_line, end_local, end_segment = self._segment(block, max(start, end - 1))
        end_source = self._source(end_line)
        end_column = column + (end - start)
        for size in _ANCHORS:
            tail_start = max(0, end_local + 1 - size)
            tail = end_segment[tail_start : end_local + 1]
            # the tail sits at least as far along the source as it does in the prose
            floor = column + max(0, tail_start - local) if end_line == line else tail_start
            found = _find(end_source, tail, floor) if tail else -1
            if found >= 0:
                end_column = found + len(tail)
                break
        if end_line == line:
            end_column = max(end_column, column + 1)
        return line, column + 1, end_line, min(end_column, len(end_source)) + 1

    def _segment(self, block: Block, offset: int) -> tuple[int, int, str]:
        """(source line, offset within its segment, segment) holding *offset* of the text."""
        position = 0
        for line, segment in block.segments:
            if offset <= position + len(segment):
                return line, offset - position, segment
            position += len(segment) + 1
        return block.line, 0, ""

    def _source(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


_ANCHORS = (12, 6, 3, 1)  # lengths of text tried, longest first, to find a span's ends


def _find(source: str, text: str, floor: int) -> int:
    """Where *text* is in *source*, preferring a place at or after *floor*."""
    found = source.find(text, floor)
    return found if found >= 0 else source.rfind(text, 0, floor + len(text))


ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")


@dataclass(frozen=True)
class Directive:
    """An inline comment ``<!-- postmortem-lint ACTION [RULE ...] [-- reason] -->``.

    ``names`` are the rules named, each with its column; none means every rule.
    """

    line: int
    column: int
    end_column: int
    action: str
    names: tuple[tuple[str, int], ...]

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(name for name, _column in self.names)


_DIRECTIVE = re.compile(r"(?<!\\)<!--\s*postmortem-lint\b(.*?)-->", re.IGNORECASE | re.DOTALL)
_DIRECTIVE_WORD = re.compile(r"--|[A-Za-z](?:\w|-(?!-))*")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1")


def mask_code_spans(line: str) -> str:
    """*line* with each inline code span blanked out (same length, so columns hold)."""
    return _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line) if "`" in line else line


_OPEN_COMMENT_LINES = 5  # how far a comment may run over lines


@lru_cache(maxsize=8)
def directives(doc: Document) -> tuple[Directive, ...]:
    """The inline comments of *doc*: real HTML comments only, not ones quoted in code (a
    block or a `span`) or escaped (``\\<!--``); a comment may run over a few lines. Words
    after ``--`` are a reason, not rule names; punctuation between names is ignored."""
    if "postmortem-lint" not in doc.text:
        return ()
    found = []
    for number, line in enumerate(doc.lines, start=1):
        if "<!--" not in line or number in doc.code_lines:
            continue
        visible = mask_code_spans(line)
        if "-->" not in visible[visible.find("<!--") :]:
            following = doc.lines[number : number + _OPEN_COMMENT_LINES]
            visible = "\n".join([visible, *following])
        for match in _DIRECTIVE.finditer(visible):
            if match.start() >= len(line):
                break  # a comment opening on a later line is read there
            body = match.group(1)
            words = [
                (w.group(0), match.start(1) + w.start() + 1) for w in _DIRECTIVE_WORD.finditer(body)
            ]
            action = words[0][0].lower() if words else ""
            names: list[tuple[str, int]] = []
            for word, column in words[1:]:
                if word == "--":
                    break
                names.append((word, column))
            end = min(match.end(), len(line)) + 1
            found.append(Directive(number, match.start() + 1, end, action, tuple(names)))
    return tuple(found)


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit, URLs excluded."""
    return len(_WORD.findall(text))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) to text; raise :class:`DecodeError` for anything else."""
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes), not a Markdown postmortem")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start}; "
            "save the file as UTF-8"
        ) from None
    return text


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@dataclass
class _Heading:
    title: str
    level: int
    line: int
    key: str | None
    disguise: str | None
    source: str
    rendered: str = ""  # the line's text as it renders (no markup)
    original: Block | None = None  # the item or line it came from, if it is a list of names
    contained: bool = False  # inside a list item: it cannot become a heading where it is


@dataclass
class _Line:
    number: int
    text: str
    emphasized_only: bool
    linked: bool = False


def parse(text: str, catalogue: Catalogue | None = None, date_order: str = "mdy") -> Document:
    """Parse *text* (str; BOM and CRLF allowed) into a :class:`Document`.

    *catalogue* names the sections to recognise (default: the alx pack's); *date_order*
    (``mdy`` or ``dmy``) is how rules read numeric dates.
    """
    if catalogue is None:
        from postmortem_lint.config import default_catalogue

        catalogue = default_catalogue()
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    conflicts = conflict_lines(lines)
    parse_lines = [
        "" if number in conflicts else line
        for number, line in enumerate(_mask_front_matter(lines), start=1)
    ]
    tokens = _markdown().parse("\n".join(parse_lines))
    builder = _Builder(lines, catalogue)
    builder.run(tokens)
    document = builder.document(text)
    document.date_order = date_order
    document.conflicts = conflicts
    return document


def _mask_front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].strip() != "---":
        return lines
    for index in range(1, min(len(lines), 200)):
        if _FRONT_MATTER_END.match(lines[index]):
            body = lines[1:index]
            if body and all(":" in line or not line.strip() or line[:1] in " -#" for line in body):
                return [""] * (index + 1) + lines[index + 1 :]
            break
    return lines


def conflict_lines(lines: list[str]) -> tuple[int, ...]:
    """Lines (1-based) that are Git merge-conflict markers, in a file that has a conflict."""
    if not any(line.startswith("<<<<<<<") for line in lines):
        return ()
    return tuple(number for number, line in enumerate(lines, start=1) if _CONFLICT.match(line))


class _Builder:
    """Walks markdown-it tokens once, collecting headings and blocks in order."""

    def __init__(self, lines: list[str], catalogue: Catalogue) -> None:
        self.lines = lines
        self.catalogue = catalogue
        self.events: list[_Heading | Block] = []
        self.code_lines: set[int] = set()
        self.links: list[tuple[int, str, str]] = []
        self.unclosed_fence: int | None = None
        self.anchors: set[str] = set()
        self.hidden: list[tuple[int, str, str]] = []  # (line, name, "html" or "joined")

    # -- token walk -------------------------------------------------------------------

    def run(self, tokens: Sequence[Token]) -> None:
        depth = 0
        quote = 0
        item_open: list[bool] = []  # per open list item: has its own text been taken?
        ordered: list[bool] = []
        row: list[str] | None = None
        row_line = 0
        header = False
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                depth += 1
                ordered.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
                ordered.pop()
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

    def _inline_lines(self, inline: Token, first_line: int) -> list[_Line]:
        """Split an inline token's prose by source line, noting emphasis-only lines."""
        out: list[_Line] = []
        parts: list[str] = []
        plain = False
        emphasized = False
        linked = False
        emphasis = 0
        link_href: str | None = None
        link_text: list[str] = []
        number = first_line

        def close_line() -> None:
            nonlocal parts, plain, emphasized, linked, number
            text = "".join(parts).strip()
            out.append(_Line(number, text, emphasized and not plain, linked))
            parts, plain, emphasized, linked = [], False, False, False
            number += 1

        for child in inline.children or ():
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                close_line()
                continue
            if kind in ("strong_open", "em_open"):
                emphasis += 1
            elif kind in ("strong_close", "em_close"):
                emphasis -= 1
            elif kind == "link_open":
                link_href = str(child.attrs.get("href", ""))
                link_text = []
                linked = True
            elif kind == "link_close":
                if link_href is not None:
                    self.links.append((number, link_href, "".join(link_text)))
                link_href = None
            elif kind == "image":
                continue
            elif kind == "html_inline":
                if _BR.fullmatch(child.content.strip()):
                    parts.append(" ")
                self._html_anchor(child.content)
                continue
            if kind in ("text", "code_inline"):
                content = child.content
                parts.append(content)
                if link_href is not None:
                    link_text.append(content)
                if _SHORTCODE.sub("", content).strip(_DECORATION):
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
        self.events.append(
            _Heading(title, level, line, self.catalogue.match(title), None, self._source(line))
        )

    def _paragraph(self, inline: Token, quoted: bool, contained: bool = False) -> None:
        first = inline.map[0] + 1 if inline.map else 1
        lines = self._inline_lines(inline, first)
        pending: list[_Line] = []
        for line in lines:
            heading = None if quoted else self._disguised(line, alone=len(lines) == 1)
            if heading is None:
                pending.append(line)
                continue
            self._flush(pending, "paragraph", quoted)
            pending = []
            heading.contained = contained
            self.events.append(heading)
        self._flush(pending, "paragraph", quoted)

    def _disguised(self, line: _Line, alone: bool) -> _Heading | None:
        """A heading in disguise on *line*; *alone*: the line is a whole paragraph."""
        source = self._source(line.number)
        hashes = _NO_SPACE_HEADING.match(source)
        if hashes and len(source.split()) <= 12:
            title = _clean_title(line.text.lstrip("#"))
            key = self.catalogue.match(title)
            return _Heading(
                title, len(hashes.group(1)), line.number, key, "no-space", source, line.text
            )
        if line.linked:
            return None
        stripped = _clean_title(line.text)
        words = len(line.text.split())
        if alone and line.emphasized_only and words <= 10 and not stripped.endswith(_SENTENCE_END):
            key = self.catalogue.match(stripped)
            if key is not None or not _DIGIT.search(stripped):  # a dated byline is no heading
                return _Heading(stripped, 0, line.number, key, "emphasis", source, line.text)
        if words > 8:
            return None
        key = self.catalogue.match(line.text)
        if key is None:
            return None
        if line.emphasized_only:
            return _Heading(stripped, 0, line.number, key, "emphasis", source, line.text)
        if self.catalogue.names_only(line.text, key) and not source.startswith(("\t", "    ")):
            original = Block(
                "paragraph", line.text, line.number, line.number, ((line.number, line.text),)
            )
            return _Heading(stripped, 0, line.number, key, "plain", source, line.text, original)
        return None

    def _flush(self, lines: list[_Line], kind: str, quoted: bool) -> None:
        if not lines:
            return
        self.events.append(
            Block(
                kind,
                "\n".join(line.text for line in lines),
                lines[0].number,
                lines[-1].number,
                tuple((line.number, line.text) for line in lines),
                quoted=quoted,
            )
        )

    def _item(self, item_token: Token, inline: Token, depth: int, quoted: bool) -> None:
        first = inline.map[0] + 1 if inline.map else 1
        lines = self._inline_lines(inline, first)
        text = "\n".join(line.text for line in lines)
        for line in lines[1:]:  # a section name run into the item above it
            key = self.catalogue.match(line.text) if len(line.text.split()) <= 8 else None
            if key is not None and self.catalogue.names_only(line.text, key):
                self.hidden.append((line.number, _clean_title(line.text), "joined"))
        if len(lines) == 1 and not quoted and not lines[0].linked and len(text.split()) <= 8:
            key = self.catalogue.match(text)
            if key is not None and (
                lines[0].emphasized_only or self.catalogue.names_only(text, key)
            ):
                title = _clean_title(text)
                source = self._source(first)
                item = Block("item", text, first, first, ((first, text),), depth=depth)
                self.events.append(_Heading(title, 0, first, key, "list-item", source, text, item))
                return
        task = _TASK.match(text)
        if task:
            text = text[task.end() :]
            lines[0].text = lines[0].text[task.end() :]
        last = item_token.map[1] if item_token.map else first
        self.events.append(
            Block(
                "item",
                text,
                first,
                max(first, min(last, lines[-1].number)),
                tuple((line.number, line.text) for line in lines),
                depth=depth,
                task=task is not None,
                checked=bool(task and task.group(1) in "xX"),
                quoted=quoted,
            )
        )

    def _empty_item(self, token: Token, depth: int, quoted: bool) -> None:
        line = token.map[0] + 1 if token.map else 1
        self.events.append(Block("item", "", line, line, ((line, ""),), depth=depth, quoted=quoted))

    def _row(self, cells: list[str], line: int, header: bool, quoted: bool) -> None:
        text = " | ".join(cells)
        self.events.append(
            Block(
                "row",
                text,
                line,
                line,
                ((line, text),),
                header=header,
                cells=tuple(cells),
                quoted=quoted,
            )
        )

    def _code(self, token: Token) -> None:
        start, end = token.map if token.map else (0, 0)
        self.code_lines.update(range(start + 1, end + 1))
        if token.type == "fence" and self.unclosed_fence is None:
            closing = self.lines[end - 1].strip() if end - 1 < len(self.lines) else ""
            if (
                end - start < 2
                or not closing.startswith(token.markup[:3])
                or closing.strip(token.markup[0])
            ):
                self.unclosed_fence = start + 1
        first = start + 1 if token.type == "code_block" else start + 2
        segments = tuple(enumerate(token.content.split("\n"), start=first))
        self.events.append(
            Block(
                "code",
                token.content,
                start + 1,
                max(start + 1, end),
                segments,
                indented=token.type == "code_block",
            )
        )

    def _html(self, token: Token) -> None:
        start, _end = token.map if token.map else (0, 0)
        content = _COMMENT.sub(lambda c: "\n" * c.group(0).count("\n"), token.content)
        self._html_anchor(content)
        pending: list[_Line] = []
        for offset, raw in enumerate(content.split("\n")):
            number = start + offset + 1
            found = _HTML_HEADING.search(raw)
            if found:
                self._flush(pending, "html", False)
                pending = []
                title = _ENTITY.sub(" ", _TAG.sub("", found.group(2))).strip()
                key = self.catalogue.match(title)
                self.events.append(
                    _Heading(title, int(found.group(1)), number, key, None, self._source(number))
                )
                continue
            text = _ENTITY.sub(" ", _TAG.sub(" ", _BR.sub(" ", raw))).strip()
            if _ATX.match(raw):
                self.hidden.append((number, raw.strip().lstrip("#").strip(), "html"))
            if text and _HTML_ITEM.search(raw):  # <li> renders as a list item
                self._flush(pending, "html", False)
                pending = []
                self.events.append(Block("item", text, number, number, ((number, text),), depth=1))
            elif text:
                pending.append(_Line(number, text, False))
        self._flush(pending, "html", False)

    def _html_anchor(self, html: str) -> None:
        for found in re.finditer(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", html):
            self.anchors.add(found.group(1))

    def _source(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    # -- assembly ---------------------------------------------------------------------

    def document(self, text: str) -> Document:
        self._drop_contents_lists()
        self._nested_fields()
        self._level_disguised()
        root = Section("", 0, 1, len(self.lines))
        stack = [root]
        sections: list[Section] = []
        blocks: list[Block] = []
        for event in self.events:
            if isinstance(event, Block):
                stack[-1].blocks.append(event)
                blocks.append(event)
                continue
            while stack[-1].level >= event.level:
                stack.pop()
            section = Section(
                event.title,
                event.level,
                event.line,
                key=event.key,
                disguise=event.disguise,
                source=event.source,
                rendered=event.rendered,
                contained=event.contained,
                parent=stack[-1],
            )
            stack[-1].children.append(section)
            stack.append(section)
            sections.append(section)
        for index, section in enumerate(sections):
            following = (s.line for s in sections[index + 1 :] if s.level <= section.level)
            section.end_line = next(following, len(self.lines) + 1) - 1
            section.end_line = max(section.end_line, section.line)
        words = sum(count_words(b.text) for b in blocks if b.kind != "code") + sum(
            count_words(s.title) for s in sections
        )
        anchors = frozenset(self.anchors | _slugs(s.title for s in sections if _has_anchor(s)))
        document = Document(
            text=text,
            lines=self.lines,
            root=root,
            sections=sections,
            blocks=blocks,
            code_lines=frozenset(self.code_lines),
            links=self.links,
            anchors=anchors,
            unclosed_fence=self.unclosed_fence,
            hidden=self.hidden,
            stub=None,
            words=words,
            catalogue=self.catalogue,
        )
        document.stub = _stub_reason(document)
        return document

    def _drop_contents_lists(self) -> None:
        """Section names listed one after another (list items, or lines of a paragraph) are
        a table of contents or an outline, not headings: they go back to what they were."""
        events = self.events

        def listed(index: int, other: int) -> bool:
            one, two = events[index], events[other] if 0 <= other < len(events) else None
            if not (isinstance(one, _Heading) and isinstance(two, _Heading)):
                return False
            if one.original is None or two.original is None:
                return False
            gap = 2 if one.disguise == "list-item" else 1  # loose lists leave a blank line
            return abs(one.line - two.line) <= gap

        self.events = [
            event.original
            if isinstance(event, _Heading)
            and event.original is not None
            and (listed(index, index - 1) or listed(index, index + 1))
            else event
            for index, event in enumerate(events)
        ]

    def _nested_fields(self) -> None:
        """A real subheading naming a section that the document has elsewhere, inside
        another section (``### Root Cause`` under Issue Summary), is a field of it."""
        headings = [e for e in self.events if isinstance(e, _Heading)]
        stack: list[_Heading] = []
        for heading in headings:
            if heading.disguise is not None:
                continue
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            owner = next((e for e in reversed(stack) if e.key is not None), None)
            if self._is_field(heading, owner, headings):
                heading.key = None
            stack.append(heading)

    def _level_disguised(self) -> None:
        """Give each disguised heading a level: that of real section headings, if any.

        A disguised heading naming a part of the section it follows (Root Cause right after
        Root Cause and Resolution) goes one level below it. A bold label naming no known
        section (``**Duration:**``), or naming one that the document has elsewhere (a
        ``**Root Cause:**`` field in the summary of a file with a Root Cause and Resolution
        section), is a field: a subsection of the section it sits in.
        """
        headings = [e for e in self.events if isinstance(e, _Heading)]
        known = [h.level for h in headings if h.disguise is None and h.key is not None]
        last_real = 1
        current = 0  # level of the section a bold label would sit in
        enclosing: _Heading | None = None
        for event in headings:
            if event.disguise is None:
                last_real = event.level
            elif event.level == 0 and self._is_field(event, enclosing, headings):
                event.key = None
            if event.level == 0 and event.key is None:
                event.level = min(current + 1, 6)
                continue
            if event.level == 0:
                event.level = known[0] if known else min(last_real + 1, 6)
                if enclosing is not None and self._is_part(event.key, enclosing.key):
                    event.level = min(enclosing.level + 1, 6)
            current = event.level
            if event.key is not None and not self._is_part(
                event.key, getattr(enclosing, "key", None)
            ):
                enclosing = event

    def _is_field(
        self, event: _Heading, enclosing: _Heading | None, headings: list[_Heading]
    ) -> bool:
        """A section name inside another section that is a field of it: the name comes
        again elsewhere, or it comes before a section that the pack puts first, as a
        "Root Cause:" label in the summary before the Timeline."""
        key = event.key
        if key is None or enclosing is None or enclosing.key in (None, key):
            return False
        if self._is_part(key, enclosing.key):
            return False
        if any(
            other is not event and (other.key == key or self._is_part(key, other.key))
            for other in headings
        ):
            return True
        rank = self._rank()
        later = headings[headings.index(event) + 1 :]
        return key in rank and any(rank.get(h.key or "", len(rank)) < rank[key] for h in later)

    def _rank(self) -> dict[str, int]:
        """Each required section's place in the pack's order (parts share their whole's)."""
        rank: dict[str, int] = {}
        for place, spec in enumerate(self.catalogue.required()):
            rank[spec.id] = place
            rank.update(dict.fromkeys(spec.parts, place))
        return rank

    def _is_part(self, key: str | None, whole: str | None) -> bool:
        spec = self.catalogue.by_id.get(whole or "")
        return spec is not None and key in spec.parts


def _clean_title(text: str) -> str:
    """A disguised heading's words: no emoji shortcodes, stray emphasis marks, surrounding
    space or end colon."""
    return _SHORTCODE.sub("", text).strip(_MARKS).rstrip(":;").strip(_MARKS)


def _has_anchor(section: Section) -> bool:
    return section.disguise is None and not section.source.lstrip().startswith("<")


def _slugs(titles: Iterator[str]) -> set[str]:
    """GitHub-style anchors: lower case, punctuation dropped, spaces to hyphens, -1 for repeats."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for title in titles:
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def _stub_reason(document: Document) -> str | None:
    """Why the file is not a postmortem at all: ``empty``, ``link:LINE:HOST`` (it points to
    one on a document host elsewhere), ``skeleton`` (section headings with nothing but
    placeholders under them) or ``short`` (a title or a line or two). A file with text under
    a known section is never a stub."""
    if document.words > _STUB_WORDS:
        return None
    if any(section.key and _has_text(section) for section in document.sections):
        return None
    for number, line in enumerate(document.lines, start=1):
        for url in _URL_ANYWHERE.findall(line):
            host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
            if any(known in host for known in _DOCUMENT_HOSTS):
                return f"link:{number}:{host}"
    if any(block.kind == "code" for block in document.blocks):
        return None  # the text may be in an unclosed fence or indented: the rules say so
    if any(section.key for section in document.sections):
        return "skeleton"
    return "empty" if document.words == 0 else "short"


def _has_text(section: Section) -> bool:
    """Whether a section holds words other than placeholders ("TODO", "TBD", "...")."""
    words = (w for b in section.prose() for w in _WORD.findall(b.text))
    return any(w.strip(".:;,!?()").lower() not in _PLACEHOLDERS for w in words)
