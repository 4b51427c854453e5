"""A stated duration contradicts the outage window.

Why: "the outage lasted 16 hours" next to a window of 10:00 to 14:00 makes a reader
wonder which is right; usually an AM/PM or a date is wrong. The durations looked at are
those on the line of the window, else those on Issue Summary lines holding one of the
``duration-words`` ("duration", "lasted", "downtime", ...). A duration agrees
when it is within the tolerance of end - start: the larger of ``tolerance-percent`` of
the window and ``tolerance-minutes``. Windows without a zone are compared as written.

Fails::

    From 10:00 to 14:00 UTC on March 2, 2024 (16 hours), checkout failed.

Passes::

    From 10:00 to 14:00 UTC on March 2, 2024 (4 hours), checkout failed.

Options:
  tolerance-percent (float): share of the window a duration may be off by (default 10).
  tolerance-minutes (int): minutes a duration may be off by (default 15).
  duration-words (words): words that mark a line stating the outage's length.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from postmortem_lint import timegrammar as tg
from postmortem_lint.checks import Option, Options, vocabulary
from postmortem_lint.checks._timeline import OutageWindow, outage_window
from postmortem_lint.checks.helpers import at_span, phrase_pattern, prose_blocks, quote
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM102"
NAME = "duration-mismatch"
LEVEL = Level.WARNING
OPTIONS = {
    "tolerance-percent": Option("float", 10, "share of the window a duration may be off by"),
    "tolerance-minutes": Option("int", 15, "minutes a duration may be off by"),
    "duration-words": Option(
        "words",
        vocabulary(
            "duration, lasted, lasting, outage lasted, downtime, down for, in total, unavailable "
            "for"
        ),
        "words that mark a line stating the outage's length",
    ),
}
ROLES = (Role.SUMMARY,)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    window = outage_window(doc)
    length = _length(window) if window else None
    if window is None or length is None or length <= 0:
        return
    stated = [(window.block, d) for d in _on_line(window.block.text, window.span[0])]
    markers = options.words("duration-words")
    if not stated and markers:
        marker = phrase_pattern(markers)
        stated = [
            (block, duration)
            for block in prose_blocks(doc, doc.section(Role.SUMMARY))
            for line_start, line in _lines(block.text)
            if marker.search(line)
            for duration in _shifted(tg.find_durations(line), line_start)
        ]
    if not stated:
        return
    tolerance = max(
        length * options.number("tolerance-percent") / 100, options.integer("tolerance-minutes")
    )
    if any(abs(duration.minutes - length) <= tolerance for _block, duration in stated):
        return
    block, duration = stated[0]
    yield at_span(
        doc,
        block,
        duration.start,
        duration.end,
        f"'{quote(duration.text)}' does not match the outage window, which lasts {_human(length)}",
        window.region,
    )


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of *text* with the offset it starts at."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def _shifted(durations: list[tg.Duration], offset: int) -> list[tg.Duration]:
    return [d._replace(start=d.start + offset, end=d.end + offset) for d in durations]


def _on_line(text: str, position: int) -> list[tg.Duration]:
    """Durations on the line of *text* holding *position*."""
    for start, line in _lines(text):
        if start <= position <= start + len(line):
            return _shifted(tg.find_durations(line), start)
    return []


def _length(window: OutageWindow) -> float | None:
    """Minutes from start to end; as written when neither end has a zone."""
    start, end = window.start, window.end
    began = start.on_clock()
    ended = end.on_clock(start.date.as_date() if start.date else None)
    if began is None or ended is None:
        return None
    return (ended - began) / datetime.timedelta(minutes=1)


def _human(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    if rest:
        parts.append(f"{rest} minute{'s' * (rest != 1)}")
    return " ".join(parts) or "0 minutes"
