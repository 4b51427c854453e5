"""A template's placeholder is left in the postmortem.

Why: "REPLACE:", "TBD", "FIXME" or a time written "HH:MM" is a promise to fill something in
that was not kept; a reader (or a grader) meets an unfinished document. Templates, and the
skeletons ``postmortem-lint init`` writes, mark what to replace this way. Placeholders in
code blocks, inline code and HTML comments are not reported. One finding per file, on the
first placeholder, with a count of the others.

Fails::

    - HH:MM UTC: REPLACE: what happened
    ## Impact
    TBD

Passes::

    - 14:05 UTC: the error-rate alert fires for the checkout API

Options:
  placeholders (words): the placeholders looked for, as written (case counts: "TBD",
  not "tbd"); ``HH:MM`` and ``??:??`` forms of a time are always looked for. "TODO" is
  not one by default: students are asked for a list of tasks "like a TODO".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from postmortem_lint.checks import Option, Options, vocabulary
from postmortem_lint.document import Document, mask_code_spans
from postmortem_lint.violation import Level, Problem

ID = "PM009"
NAME = "placeholder"
LEVEL = Level.ERROR
OPTIONS = {
    "placeholders": Option(
        "words",
        vocabulary("REPLACE:, TBD, TBA, FIXME, Lorem ipsum, [insert"),
        "placeholders a template leaves to be replaced",
    )
}

_CLOCK = re.compile(r"(?<!\w)(?:[Hh]{1,2}:[Mm]{2}|\?\?:\?\?|[Xx]{2}:[Xx]{2})(?!\w)")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    pattern = _pattern(options.words("placeholders"))
    in_comment = False
    found: list[tuple[int, re.Match[str]]] = []
    for number, line in enumerate(doc.lines, start=1):
        if number in doc.code_lines:
            continue
        visible, in_comment = _outside_comments(mask_code_spans(line), in_comment)
        match = _CLOCK.search(visible) or (pattern.search(visible) if pattern else None)
        if match is not None:
            found.append((number, match))
    if found:
        number, match = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        yield Problem(
            number,
            match.start() + 1,
            f"placeholder '{match.group(0)}' left in{more}: replace it with what happened",
            number,
            match.end() + 1,
        )


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w])")


def _outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
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
