"""The root cause and the resolution are each explained in enough words.

Why: the assignment asks for a *detailed* explanation of what caused the issue and of
how it was resolved. With separate Root Cause and Resolution sections, each is counted on
its own. In one combined section, the text is split where resolution begins: a
subsection, a label or a sentence opening with one of ``resolution-labels``
("Resolution:", "**Fix**", "To resolve"); when no such place is found, the section must
hold both minimums together and say how the issue was fixed (a ``resolution-words`` word:
fixed, restored, rolled back, ...).

Fails::

    ## Root Cause and Resolution
    A bad config.

Passes: a root cause of 30+ words and a resolution of 30+ words.

Options:
  min-words (int): fewest words for each of the root cause and the resolution.
  resolution-labels (words): words that start the resolution part of a combined section.
  resolution-words (words): words that say something was fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import CONTENT, Option, Options, vocabulary
from postmortem_lint.checks.helpers import at_heading, find_phrase, phrase_pattern
from postmortem_lint.document import Block, Document, Section, count_words
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM301"
NAME = "root-cause-detail"
LEVEL = Level.ERROR
OPTIONS = {
    "min-words": Option("int", 30, "fewest words for each of root cause and resolution"),
    "resolution-labels": Option(
        "words",
        vocabulary(
            "resolution, resolved, resolve, to resolve, fix, fixed, the fix, solution, "
            "remediation, recovery, mitigation, how it was resolved, how we fixed it"
        ),
        "words that start the resolution part",
    ),
    "resolution-words": Option(
        "words",
        vocabulary(
            "resolv*, fix*, restor*, roll* back, rolled back, revert*, restart*, patch*, replac*, "
            "redeploy*, recover*, correct*, updat*, mitigat*, increas*, reconfigur*"
        ),
        "words that say something was fixed",
    ),
}
ROLES = (Role.ROOT_CAUSE, Role.RESOLUTION, Role.ROOT_CAUSE_RESOLUTION)
YIELDS_TO = CONTENT


def check(doc: Document, options: Options) -> Iterator[Problem]:
    minimum = options.integer("min-words")
    cause, fix = doc.section(Role.ROOT_CAUSE), doc.section(Role.RESOLUTION)
    combined = doc.section(Role.ROOT_CAUSE_RESOLUTION)
    for part, label in ((cause, "root cause"), (fix, "resolution")):
        if part is not None and not _inside(part, combined):  # inside: counted with it
            yield from _enough(part, part.words, minimum, label)
    if combined is None:
        return
    blocks = list(combined.prose())
    split = _split(combined, blocks, options.words("resolution-labels"))
    if split is not None:
        cause_words, fix_words = split
        yield from _enough(combined, cause_words, minimum, "root cause")
        yield from _enough(combined, fix_words, minimum, "resolution")
        return
    total = combined.words
    words = options.words("resolution-words")
    if total < 2 * minimum:
        yield at_heading(
            combined,
            f"'{combined.title}' has {total} word{'s' * (total != 1)}; explain the root cause "
            f"and the resolution in at least {minimum} words each",
        )
    elif words and find_phrase(blocks, words) is None:
        yield at_heading(combined, f"'{combined.title}' does not say how the issue was resolved")


def _inside(part: Section, whole: Section | None) -> bool:
    return whole is not None and whole.line < part.line <= whole.end_line


def _enough(section: Section, words: int, minimum: int, label: str) -> Iterator[Problem]:
    if words < minimum:
        yield at_heading(
            section,
            f"the {label} is explained in {words} word{'s' * (words != 1)}; "
            f"give at least {minimum} ({minimum - words} more)",
        )


def _split(
    section: Section, blocks: list[Block], labels: tuple[str, ...]
) -> tuple[int, int] | None:
    """Words before and from the start of the resolution part, if one is marked."""
    if not labels:
        return None
    for child in section.children:
        if phrase_pattern(labels).match(child.title):
            before = sum(count_words(b.text) for b in section.blocks)
            before += sum(  # a label's own words count on its side of the split
                sub.words + count_words(sub.title)
                for sub in section.children
                if sub.line < child.line
            )
            return before, section.words - before
    start = re.compile(r"^[\s*_#>-]*" + phrase_pattern(labels).pattern, re.IGNORECASE)
    seen = 0
    for block in blocks:
        for line_text in block.text.split("\n"):
            if seen and start.match(line_text):
                return seen, section.words - seen
            seen += count_words(line_text)
    return None
