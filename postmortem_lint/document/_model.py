"""The parsed document's values: blocks, sections, links and the document itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from postmortem_lint.document._directives import Directive
from postmortem_lint.sections import Catalogue, Role, SectionSpec, normalize


class BlockKind(StrEnum):
    """What a block of content is."""

    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item's own text
    ROW = "row"  # a table row
    CODE = "code"  # fenced or indented
    HTML = "html"
    HEADING = "heading"  # a heading's own text, for rules that read what it says


class Disguise(StrEnum):
    """How a heading that does not render as one was written."""

    EMPHASIS = "emphasis"  # a line of bold/italic text: **Timeline:**
    INLINE = "inline"  # a bold label with text run on after it: **Timeline:** - 08:45 ...
    LIST_ITEM = "list-item"  # a list item that only names a section: + Issue Summary:
    NO_SPACE = "no-space"  # #Heading with no space after the hashes
    PLAIN = "plain"  # a plain line that only names a section: Timeline:
    SWALLOWED = "swallowed"  # a '## Heading' inside an HTML block, rendered as text
    INDENTED = "indented"  # a name on a line of its own indented 4+ spaces: a code block


class StubKind(StrEnum):
    """Why a file is not a postmortem at all."""

    EMPTY = "empty"
    SHORT = "short"  # a title or a line or two
    SKELETON = "skeleton"  # section headings with placeholders under them
    LINK = "link"  # a link to a postmortem hosted elsewhere, and filler
    ASSIGNMENT = "assignment"  # the assignment's requirement lists instead of an incident
    TEMPLATE = "template"  # a template with its instructions or placeholders still in it


class Stub(NamedTuple):
    """The verdict that a file is not a postmortem: which kind, and where it shows."""

    kind: StubKind
    line: int = 1
    detail: str = ""  # the host linked to, for LINK


class Block(NamedTuple):
    """A unit of content with its source lines (1-based, inclusive).

    ``segments`` pair each source line with the prose text that came from it, for
    pointing findings at exact columns.
    """

    kind: BlockKind
    text: str
    line: int
    end_line: int
    segments: tuple[tuple[int, str], ...] = ()
    depth: int = 0
    task: bool = False
    checked: bool = False
    header: bool = False
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()  # a table row's: the header cells of its table
    breaks: tuple[int, ...] = ()  # a paragraph's: where hard breaks (<br>) start rendered lines
    indented: bool = False

    def rendered_lines(self) -> list[Block]:
        """The lines a reader sees: the block cut where hard breaks (``<br>``) start a new
        rendered line; soft line breaks join lines, as Markdown renders them."""
        if not self.breaks:
            return [self]
        out = []
        for start, end in zip((0, *self.breaks), (*self.breaks, len(self.text)), strict=True):
            pieces, position = [], 0
            for line, segment in self.segments:
                low, high = max(start - position, 0), min(end - position, len(segment))
                if low < high or (low == high == 0 and start <= position < end):
                    pieces.append((line, segment[low:high]))
                position += len(segment) + 1
            text = "\n".join(piece for _line, piece in pieces)
            if pieces and text.strip():
                out.append(
                    self._replace(
                        text=text,
                        line=pieces[0][0],
                        end_line=pieces[-1][0],
                        segments=tuple(pieces),
                        breaks=(),
                    )
                )
        return out


class Link(NamedTuple):
    """An inline link: its line, target and text."""

    line: int
    href: str
    text: str


@dataclass(frozen=True, eq=False, repr=False)
class Section:
    """A heading and everything up to the next heading of the same or a higher level.

    ``spec`` is the pack's section it stands for (None: a heading the pack does not know,
    or a field inside another section); ``names`` the pack's sections its title names, even
    as a field (a reader still sees those parts there); ``disguise`` says how a heading that
    does not render as one was written; ``joined``: it runs on from the line above with no
    blank line; ``label``: a field or part label inside a real section, which needs no
    heading of its own.
    """

    title: str
    level: int
    line: int
    end_line: int
    spec: SectionSpec | None = None
    names: tuple[SectionSpec, ...] = ()
    disguise: Disguise | None = None
    source: str = ""
    rendered: str = ""
    contained: bool = False
    joined: bool = False
    label: bool = False
    children: tuple[Section, ...] = ()
    blocks: tuple[Block, ...] = ()
    words: int = 0  # in the body and subsections, not counting this heading

    def __repr__(self) -> str:
        return f"Section({self.title!r}, level={self.level}, line={self.line})"

    @property
    def key(self) -> str | None:
        """The id of the pack's section this heading names."""
        return self.spec.id if self.spec else None

    @property
    def role(self) -> Role | None:
        return self.spec.role if self.spec else None

    @property
    def region(self) -> str | None:
        """What findings about this section are about: the pack's section it names and
        where (two copies of a section are two regions). Opaque: compare, do not parse."""
        named = self.spec or (self.names[0] if self.names else None)
        return f"{named.id}@{self.line}" if named else None

    def heading_block(self) -> Block:
        """The heading's own text as a block, for rules that read what a heading says."""
        return Block(
            BlockKind.HEADING, self.title, self.line, self.line, ((self.line, self.title),)
        )

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
        return (block for block in self.all_blocks() if block.kind is not BlockKind.CODE)


@dataclass(frozen=True, eq=False, repr=False)
class Document:
    """A parsed postmortem; built once by :func:`~postmortem_lint.document.parse`."""

    text: str
    lines: tuple[str, ...]
    root: Section
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    code_lines: frozenset[int]
    links: tuple[Link, ...]
    anchors: frozenset[str]
    unclosed_fence: int | None
    stub: Stub | None
    words: int
    catalogue: Catalogue
    date_order: str
    conflicts: tuple[int, ...]  # merge-conflict marker lines, set aside before parsing
    directives: tuple[Directive, ...]
    _by_role: dict[Role, Section | None] = field(default_factory=dict, init=False)

    def __repr__(self) -> str:
        return f"Document({len(self.lines)} lines, {len(self.sections)} sections)"

    def section(self, role: Role) -> Section | None:
        """The section playing *role*: the first, preferring one with text under it, and
        one named by the pack's own title ("Issue Summary") over an alias ("Overview").
        With none, a field or heading that names the role's section among others ("**Root
        Cause:**" in the summary, "Summary and Timeline"), unless a section standing for
        a whole the role is part of is there (then the role is read inside it)."""
        if role not in self._by_role:  # rules ask again and again; each answer reads them all
            self._by_role[role] = self._section(role)
        return self._by_role[role]

    def _section(self, role: Role) -> Section | None:
        matching = [section for section in self.sections if section.role == role]
        spec = self.catalogue.by_role.get(role)
        if not matching and spec is not None:
            wholes = {whole.id for whole in self.catalogue.specs if spec.id in whole.parts}
            if not any(section.key in wholes for section in self.sections):
                matching = [section for section in self.sections if spec in section.names]
        filled = [section for section in matching if section.words] or matching
        titled = [section for section in filled if _titled(section)]
        best = titled or filled
        return best[0] if best else None

    def region(self, role: Role) -> str | None:
        """What findings about *role* are about: the region of the section playing it, or,
        when the document has none, the pack's section for it (what PM001 calls missing)."""
        section = self.section(role)
        if section is not None:
            return section.region
        spec = self.catalogue.by_role.get(role)
        return spec.id if spec else None

    def locate(self, block: Block, start: int, end: int) -> tuple[int, int, int, int]:
        """Map the span ``block.text[start:end]`` to (line, col, end_line, end_col), 1-based,
        the end exclusive.

        Prose drops Markdown syntax (bullets, ``**``), so each end is found by searching the
        source line for the text beside it, from where it can first be: the source holds the
        prose's characters in order, with syntax between them.
        """
        line, local, segment = _segment(block, start)
        source = self._source(line)
        column = -1
        for size in _ANCHORS:
            anchor = segment[local : local + size]
            column = _find(source, anchor, local) if anchor else -1
            if column >= 0:
                break
        if column < 0:
            column = len(source) - len(source.lstrip())
        end_line, end_local, end_segment = _segment(block, max(start, end - 1))
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

    def _source(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def _titled(section: Section) -> bool:
    spec = section.spec
    return spec is not None and normalize(section.title).startswith(normalize(spec.title))


def _segment(block: Block, offset: int) -> tuple[int, int, str]:
    """(source line, offset within its segment, segment) holding *offset* of the text."""
    position = 0
    for line, segment in block.segments:
        if offset <= position + len(segment):
            return line, offset - position, segment
        position += len(segment) + 1
    return block.line, 0, ""


_ANCHORS = (12, 6, 3, 1)  # lengths of text tried, longest first, to find a span's ends


def _find(source: str, text: str, floor: int) -> int:
    """Where *text* is in *source*, preferring a place at or after *floor*."""
    found = source.find(text, floor)
    return found if found >= 0 else source.rfind(text, 0, floor + len(text))
