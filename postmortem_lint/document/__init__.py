"""Parse a postmortem into a :class:`Document`: source lines, blocks and a section tree.

The flow, one module each: ``_source`` (decode, newlines, front matter, conflict lines)
→ ``_parser`` (markdown-it) → ``_walk`` (the token walk; ``_disguise`` spots headings in
disguise) → ``_tree`` (contents lists, fields, levels, the frozen section tree) →
``_words`` (word counts, anchors), ``_directives`` (inline comments), ``_stub`` (not a
postmortem at all).
markdown-it-py (CommonMark plus tables) parses the text once; rules share the result.
"""

from __future__ import annotations

from postmortem_lint.document import _source, _stub, _tree, _walk
from postmortem_lint.document._directives import (
    Action,
    Directive,
    find_directives,
    mask_code_spans,
)
from postmortem_lint.document._model import (
    Block,
    BlockKind,
    Disguise,
    Document,
    Link,
    Section,
    Stub,
    StubKind,
)
from postmortem_lint.document._source import LINE_BREAK, DecodeError, decode
from postmortem_lint.document._words import count_words, slug, slugs
from postmortem_lint.sections import Catalogue


def parse(text: str, catalogue: Catalogue | None = None, date_order: str = "mdy") -> Document:
    """Parse *text* (str; BOM and CRLF allowed) into a :class:`Document`.

    *catalogue* names the sections to recognise (default: the default pack's);
    *date_order* (``mdy`` or ``dmy``) is how rules read numeric dates.
    """
    if catalogue is None:
        from postmortem_lint.config import default_catalogue

        catalogue = default_catalogue()
    source = _source.read(text)
    walked = _walk.walk(source.lines, source.parsed, catalogue)
    events = _tree.settle(walked.events, catalogue)
    root, sections = _tree.build(events, catalogue, len(source.lines))
    blocks = tuple(event for event in events if isinstance(event, Block))
    words = root.words  # every block's and every heading's words, counted once in the tree
    titles = (s.title for s in sections if _has_anchor(s))
    code_lines = frozenset(walked.code_lines)
    directives = (
        find_directives(source.lines, code_lines) if "postmortem-lint" in source.text else ()
    )
    return Document(
        text=source.text,
        lines=source.lines,
        root=root,
        sections=sections,
        blocks=blocks,
        code_lines=code_lines,
        links=tuple(walked.links),
        anchors=frozenset(walked.anchors | slugs(titles)),
        unclosed_fence=walked.unclosed_fence,
        stub=_stub.stub(source.lines, sections, blocks, words),
        words=words,
        catalogue=catalogue,
        date_order=date_order,
        conflicts=source.conflicts,
        directives=directives,
    )


def _has_anchor(section: Section) -> bool:
    return section.disguise is None and not section.source.lstrip().startswith("<")


__all__ = [
    "LINE_BREAK",
    "Action",
    "Block",
    "BlockKind",
    "DecodeError",
    "Directive",
    "Disguise",
    "Document",
    "Link",
    "Section",
    "Stub",
    "StubKind",
    "count_words",
    "decode",
    "mask_code_spans",
    "parse",
    "slug",
]
