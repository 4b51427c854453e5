"""Not a postmortem at all: empty, a title, bare headings, or only a link to one elsewhere."""

from __future__ import annotations

import re
from collections.abc import Sequence

from postmortem_lint.document._model import Block, BlockKind, Section, Stub, StubKind
from postmortem_lint.document._words import WORD

_URL_ANYWHERE = re.compile(r"https?://[^\s)>\]]+", re.IGNORECASE)
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


def stub(
    lines: Sequence[str], sections: Sequence[Section], blocks: Sequence[Block], words: int
) -> Stub | None:
    """Why the file is not a postmortem at all, or None. A file with text under a known
    section is never a stub."""
    if words > _STUB_WORDS:
        return None
    if any(section.key and _has_text(section) for section in sections):
        return None
    for number, line in enumerate(lines, start=1):
        for url in _URL_ANYWHERE.findall(line):
            host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
            if any(known in host for known in _DOCUMENT_HOSTS):
                return Stub(StubKind.LINK, number, host)
    if any(block.kind is BlockKind.CODE for block in blocks):
        return None  # the text may be in an unclosed fence or indented: the rules say so
    if any(section.key for section in sections):
        return Stub(StubKind.SKELETON)
    return Stub(StubKind.EMPTY if words == 0 else StubKind.SHORT)


def _has_text(section: Section) -> bool:
    """Whether a section holds words other than placeholders ("TODO", "TBD", "...")."""
    words = (w for b in section.prose() for w in WORD.findall(b.text))
    return any(w.strip(".:;,!?()").lower() not in _PLACEHOLDERS for w in words)
