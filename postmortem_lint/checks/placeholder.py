"""A template's placeholder is left in the postmortem.

Why: "REPLACE:", "TBD", "FIXME" or a time written "HH:MM" is a promise to fill something in
that was not kept; a reader (or a grader) meets an unfinished document. Templates, and the
skeletons ``postmortem-lint init`` writes, mark what to replace this way. Placeholders in
code blocks, inline code, URLs and HTML comments are not reported. One finding per
line that holds one.

Fails::

    - HH:MM UTC: REPLACE: what happened
    ## Impact
    TBD

Passes::

    - 14:05 UTC: the error-rate alert fires for the checkout API

Options:
  placeholders (words): the placeholders looked for; words in capitals as written ("TBD",
  not "tbd"), others in any case ("lorem ipsum"); ``HH:MM`` and ``??:??`` forms of a
  time are always looked for, and so are half-known times ("14:??", "2X:XX", "--:--")
  and a run of question marks standing alone ("[???]"). "TODO" is not one by default:
  students are asked for a list of tasks "like a TODO".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from postmortem_lint._text import on_first_use
from postmortem_lint.checks import Option, Options, vocabulary
from postmortem_lint.checks.helpers import blank_urls, folded, may_hold, outside_comments
from postmortem_lint.document import Document, mask_code_spans
from postmortem_lint.violation import Level, Problem

ID = "PM009"
NAME = "placeholder"
LEVEL = Level.ERROR
OPTIONS = {
    "placeholders": Option(
        "words",
        vocabulary("REPLACE:, TBD, TBA, FIXME, Lorem ipsum, [insert, YYYY-MM-DD"),
        "placeholders a template leaves to be replaced",
    )
}

_TEMPLATE = {"hh:mm", "h:mm"}  # a template's slot: always to fill
_UNKNOWN = " (a time nobody knows: say so, e.g. '~14:00' or 'time unknown')"
_CLOCK = on_first_use(
    r"(?<![\w?])(?:[Hh]{1,2}:[Mm]{2}|\?\?:\?\?|[Xx]{2}:[Xx]{2}|--:--"  # a whole time
    r"|\d{1,2}:\?\?|\?\?:\d{2}|\d[Xx]:[Xx]{2}|\d{1,2}:[Xx]{2}"  # a time half known
    r"|\?{3,})(?![\w?])"  # "[???]": a blank left to fill
)


# What any match of _CLOCK holds, in lower case: four scans of the text in C, where the
# regex itself tries every position of it.
_CLOCK_NEEDS = ("??", "h:mm", ":xx", "--:--")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    words = options.words("placeholders")
    lower = folded(doc.text)
    clock = may_hold(lower, _CLOCK_NEEDS) and _CLOCK().search(doc.text)
    pattern = _pattern(words) if may_hold(lower, words) else None
    if not clock and not (pattern and pattern.search(doc.text)):
        return  # most files hold no placeholder anywhere: no line needs reading
    in_comment = False
    for number, line in enumerate(doc.lines, start=1):
        if number in doc.code_lines:
            continue
        visible, in_comment = outside_comments(mask_code_spans(line), in_comment)
        visible = blank_urls(visible)
        matches = [m for m in (_CLOCK().search(visible), pattern and pattern.search(visible)) if m]
        if matches:
            match = min(matches, key=lambda m: m.start())
            written = match.group(0)
            timed = match.re is _CLOCK() and ":" in written and written.lower() not in _TEMPLATE
            unknown = _UNKNOWN if timed else ""
            yield Problem(
                number,
                match.start() + 1,
                f"placeholder '{written}' left in: fill it in{unknown}",
                number,
                match.end() + 1,
            )


@lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    def written(word: str) -> str:  # all capitals: as written; else any case
        escaped = re.escape(word)
        return escaped if word.upper() == word else f"(?i:{escaped})"

    alternatives = "|".join(map(written, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w])")
