"""Not a postmortem at all, told by its shape, whatever its length.

Short files: empty, a title or a line or two, bare headings with placeholders. Longer ones
hold no time of day anywhere (every incident has one) and either link to a postmortem on a
document host, or read as instructions: requirement wording ("must contain"), lines that
start with an instruction or a question word ("Explain ...", "What was ...") or end in a
question mark. Instructions in the second person or with requirement wording are the
assignment pasted in; the others are a template left unfilled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from postmortem_lint._text import folded, on_first_use
from postmortem_lint.document._model import Block, BlockKind, Section, Stub, StubKind
from postmortem_lint.document._words import WORD
from postmortem_lint.sections import Role

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
# Searched in the lines joined (a space, not a line break, before "am"); opening with a digit
# (what comes before it tested after it), so the search skips to digits.
_CLOCK_TIME = re.compile(
    r"\d(?<![\d.:]\d)\d?(?:[:.h]\d{2}(?!\d)|[^\S\n]?[ap]\.?m\b)", re.IGNORECASE
)
_NOON = re.compile(r"\b(?:noon|midnight)\b", re.IGNORECASE)
_INSTRUCTION = on_first_use(
    r"^\W*(?:explain|describe|list|state|give|include|close|write|provide|mention|detail|add"
    r"|keep|be|use|make|summari[sz]e|identify|outline|highlight|discuss|recap|assign|set"
    r"|consider|what|when|how|which|who|why|where)\b",
    re.IGNORECASE,
)
_REQUIREMENT = on_first_use(
    r"\b(?:must|should|needs? to)\s+(?:contain|include|cover|list|mention|explain|describe)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)
_FEWEST_INSTRUCTIONS = 3
_LINK_FILLER_WORDS = 150  # a link to a postmortem elsewhere with this much filler, at most
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_INSTRUCTION_SHARE = 0.2  # of the lines, at least


def stub(
    lines: Sequence[str], sections: Sequence[Section], blocks: Sequence[Block], words: int
) -> Stub | None:
    """Why the file is not a postmortem at all, or None."""
    if words <= _STUB_WORDS:
        return _short(lines, sections, blocks, words)
    if _has_time_of_day("\n".join(lines)):
        return None
    tasks = {  # action items are imperative by nature: not instructions to the writer
        id(block)
        for section in sections
        if section.role is Role.ACTION_ITEMS
        for block in section.all_blocks()
    }
    said = [
        text
        for block in blocks
        if id(block) not in tasks
        for _line, text in block.segments
        if text.strip()
    ]
    told = [text for text in said if _instructs(text)]  # headings may be questions: not read
    instructions = len(told) >= max(_FEWEST_INSTRUCTIONS, _INSTRUCTION_SHARE * len(said))
    link = _hosted(lines)
    if link is not None and (instructions or words <= _LINK_FILLER_WORDS):
        return link
    if not instructions:
        return None
    assignment = any(_REQUIREMENT().search(text) or _SECOND_PERSON.search(text) for text in said)
    return Stub(StubKind.ASSIGNMENT if assignment else StubKind.TEMPLATE)


def _has_time_of_day(text: str) -> bool:
    """Whether *text* states a time of day: a clock time, noon or midnight."""
    if _CLOCK_TIME.search(text):
        return True
    lower = folded(text)  # as the case-blind pattern reads it
    return ("noon" in lower or "midnight" in lower) and _NOON.search(text) is not None


def _instructs(text: str) -> bool:
    text = text.strip()
    return bool(_INSTRUCTION().match(text) or text.endswith("?") or _REQUIREMENT().search(text))


def _hosted(lines: Sequence[str]) -> Stub | None:
    """A link to a postmortem on a document host (Google Docs, Medium, ...)."""
    for number, line in enumerate(lines, start=1):
        for url in _URL_ANYWHERE.findall(_IMAGE.sub("", line) if "![" in line else line):
            host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
            if any(known in host for known in _DOCUMENT_HOSTS):
                return Stub(StubKind.LINK, number, host)
    return None


def _short(
    lines: Sequence[str], sections: Sequence[Section], blocks: Sequence[Block], words: int
) -> Stub | None:
    """A file of a few words: a stub unless a known section has text under it."""
    if any(section.key and _has_text(section) for section in sections):
        return None
    link = _hosted(lines)
    if link is not None:
        return link
    if any(block.kind is BlockKind.CODE for block in blocks):
        return None  # the text may be in an unclosed fence or indented: the rules say so
    if any(section.key for section in sections):
        return Stub(StubKind.SKELETON)
    return Stub(StubKind.EMPTY if words == 0 else StubKind.SHORT)


def _has_text(section: Section) -> bool:
    """Whether a section holds words other than placeholders ("TODO", "TBD", "...")."""
    words = (w for b in section.prose() for w in WORD.findall(b.text))
    return any(w.strip(".:;,!?()").lower() not in _PLACEHOLDERS for w in words)
