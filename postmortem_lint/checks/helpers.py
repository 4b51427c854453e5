"""What a rule needs besides the document: findings at a heading or a span, what a section
says, vocabulary search, tasks. Public: plugins use them as the built-in rules do."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate

from postmortem_lint._text import folded as folded  # public here, for plugins
from postmortem_lint.document import Block, BlockKind, Document, Section, count_words
from postmortem_lint.sections import Role
from postmortem_lint.violation import Claim, Problem


@lru_cache(maxsize=64)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for whole-word *phrases* (``*`` ends a word stem)."""
    parts = sorted((re.escape(p.lower()).replace(r"\*", r"\w*") for p in phrases), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(parts)) + r")(?!\w)", re.IGNORECASE)


def may_hold(seen: str, words: Iterable[str]) -> bool:
    """Whether *seen* (a text passed through :func:`folded`) may hold a case-blind match
    of one of *words*: it holds an ASCII one in lower case, or one is not ASCII (folding
    does not cover every case form beyond ASCII: the micro sign and the Greek mu)."""
    return any(not word.isascii() or word.lower() in seen for word in words)


def find_phrase(blocks: Iterable[Block], phrases: tuple[str, ...]) -> tuple[Block, int, int] | None:
    """The first block and span where any of *phrases* occurs."""
    if not phrases:
        return None
    pattern = phrase_pattern(phrases)
    if _multiline(phrases):  # a match may hold a line break
        for block in blocks:
            found = pattern.search(block.text)
            if found:
                return block, found.start(), found.end()
        return None
    read = list(blocks)
    if not read:
        return None
    text = "\n".join(block.text for block in read)  # one search; no match spans a "\n"
    found = _first_match(pattern, text, _starts(phrases))
    if found is None:
        return None
    starts = list(accumulate((len(block.text) + 1 for block in read), initial=0))
    index = bisect_right(starts, found.start()) - 1
    return read[index], found.start() - starts[index], found.end() - starts[index]


def _multiline(phrases: tuple[str, ...]) -> bool:
    """Whether a match of *phrases* may hold a line break (and so span two joined blocks)."""
    return any("\n" in phrase for phrase in phrases)


@lru_cache(maxsize=64)
def _starts(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """A search of a :func:`folded` text for what a match of *phrases* starts with (each
    up to a ``*``): its scan skips to their first letters in C, where the phrase pattern,
    led by a lookbehind, is tried at every position. None when a start is empty, or not
    ASCII (its other case forms may not fold to it)."""
    heads = word_starts(phrases)
    if not all(head and head.isascii() for head in heads):
        return None
    return re.compile("|".join(map(re.escape, heads)))


@lru_cache(maxsize=64)
def word_starts(words: tuple[str, ...]) -> tuple[str, ...]:
    """What a case-blind match of each of *words* starts with, in lower case: the word up
    to its first ``*`` (empty for a word that starts with one); sorted, each once."""
    return tuple(sorted({word.lower().split("*", 1)[0] for word in words}))


def _first_match(
    pattern: re.Pattern[str], text: str, starts: re.Pattern[str] | None
) -> re.Match[str] | None:
    """``pattern.search(text)``, tried only where one of *starts* is found."""
    if starts is None:
        return pattern.search(text)
    seen = folded(text)  # of the same length: its offsets are the text's
    at = starts.search(seen)
    while at is not None:
        found = pattern.match(text, at.start())  # as search does there: lookbehind sees back
        if found:
            return found
        at = starts.search(seen, at.start() + 1)
    return None


def at_heading(section: Section | None, message: str, region: str | None = None) -> Problem:
    """A finding on a section's heading line (about that section), or on line 1 when there
    is no section (about *region*, if given)."""
    if section is None:
        return at_file(message, region)
    return Problem(section.line, 1, message, region=section.region or region)


def at_file(message: str, region: str | None = None, claim: Claim | None = None) -> Problem:
    """A finding about the whole file (placed on line 1, but not about line 1's text),
    about *region* if given."""
    return Problem(1, 1, message, region=region, claim=claim, about_file=True)


def quote(text: str) -> str:
    """Text quoted in a message, on one line."""
    return " ".join(text.split())


def at_span(
    doc: Document, block: Block, start: int, end: int, message: str, region: str | None = None
) -> Problem:
    """A finding on the text ``block.text[start:end]``, about *region* if given."""
    line, column, end_line, end_column = doc.locate(block, start, end)
    return Problem(line, column, message, end_line, end_column, region=region)


def prose_blocks(doc: Document, section: Section | None) -> list[Block]:
    """What *section* (the whole document when None) says: its prose, and prose indented
    into a code block by mistake (PM007 reports the indentation; the words still count
    as said)."""
    if section is None:
        return [block for block in doc.blocks if block.kind is not BlockKind.CODE or block.indented]
    out = []
    for part in section.walk():
        if part is not section and part.key is None:  # a field's label says something too
            out.append(part.heading_block())
        out.extend(
            block for block in part.blocks if block.kind is not BlockKind.CODE or block.indented
        )
    return out


def opening(doc: Document) -> list[Block]:
    """The paragraphs before the file's first section the pack knows: a lead under the
    title ("On May 2, from 14:05 to 16:30 UTC, ..."), a note ("All times PDT.")."""
    first = min((s.line for s in doc.sections if s.spec is not None), default=len(doc.lines) + 1)
    return [b for b in doc.blocks if b.line < first and b.kind is BlockKind.PARAGRAPH]


_ACTION_COLUMN = re.compile(
    r"\b(?:actions?|items?|tasks?|todo|what|description|fix(?:es)?|remediation|steps?|follow)",
    re.IGNORECASE,
)


NOT_TICKET_KEYS = frozenset(
    {"UTF", "SHA", "ISO", "RFC", "MD", "TLS", "SSL", "HTTP", "IPV", "AES", "RSA", "X"}
)
TICKET = re.compile(
    r"\b(?P<key>[A-Z][A-Z0-9]{1,9})-\d+\b|(?<![\w&])#\d{2,}\b|\bb/\d{4,}\b|[\w.-]+/[\w.-]+#\d+"
)  # OPS-123, #123, b/123456, org/repo#123 (a key in NOT_TICKET_KEYS is a standard, not a ticket)
URL = re.compile(r"<?(?:https?://|www\.)\S+", re.IGNORECASE)  # a bare URL in text


def _may_link(text: str) -> bool:
    """Whether *text* holds what any URL holds ("://" or "www." in any case)."""
    return "://" in text or "www." in folded(text)


def blank_urls(text: str) -> str:
    """*text* with each URL blanked (same length, so columns hold)."""
    return URL.sub(lambda url: " " * len(url.group(0)), text) if _may_link(text) else text


def references_only(text: str) -> bool:
    """Whether *text* is nothing but links and ticket keys ("flutter/plugins#1127", a bare
    issue URL): the task is written in the tracker it points at."""
    if not any(mark in text for mark in "-#/") and not _may_link(text):
        return False  # what every ticket key holds, and every URL
    if not (TICKET.search(text) or URL.search(text)):
        return False
    return not count_words(TICKET.sub(" ", URL.sub(" ", text)))


def task_text(block: Block) -> str:
    """What a task says: a table row's first cell (the action), or the item's text."""
    return block.cells[0] if block.kind is BlockKind.ROW and block.cells else block.text


PROSE_TASK_WORDS = 3  # a paragraph this long may be a task written as prose


def tasks(section: Section, prose: bool = False) -> list[Block]:
    """The tasks of *section*: list items that are not labels ending in ":", items that
    group nested items or bare links; and the body rows of a table whose header names the
    action ("Action", "Item", "Task", "What", "Description", ...): one task per row, its
    other columns the owner, the ticket, the due date. With *prose*, a section that lists
    none has its paragraphs of a few words as tasks."""
    blocks = list(section.all_blocks())
    out = []
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.ROW:
            action = _ACTION_COLUMN.search(" ".join(block.columns))
            if not block.header and action and count_words(block.text):
                out.append(block)
            continue
        if block.kind is not BlockKind.ITEM or block.text.rstrip().endswith(":"):
            continue
        if not (count_words(block.text) or block.task):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            following is not None
            and following.kind is BlockKind.ITEM
            and following.depth > block.depth
        ):
            continue
        out.append(block)
    if prose and not out:  # follow-ups written as prose: each paragraph is one
        out = [
            block
            for block in blocks
            if block.kind is BlockKind.PARAGRAPH and count_words(block.text) >= PROSE_TASK_WORDS
        ]
    return out


def sections(doc: Document, *roles: Role) -> list[Section]:
    """The document's sections playing *roles*, in the order the roles are given."""
    return [section for role in roles if (section := doc.section(role)) is not None]


def outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """*line* with HTML comments blanked (same length, so columns hold), and whether a
    comment is still open at its end."""
    out: list[str] = []
    at = 0
    while at < len(line):
        if in_comment:
            end = line.find("-->", at)
            if end < 0:
                out.append(" " * (len(line) - at))
                return "".join(out), True
            out.append(" " * (end + 3 - at))
            at, in_comment = end + 3, False
        else:
            start = line.find("<!--", at)
            if start < 0:
                out.append(line[at:])
                break
            out.append(line[at:start])
            at, in_comment = start, True
    return "".join(out), in_comment
