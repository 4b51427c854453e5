"""Timeline times carry a timezone, the same as the summary's.

Why: "10:15" means nothing to a reader in another zone. Give the zone on every entry, or
once for the whole timeline: in its heading ("## Timeline (UTC)") or in a line before the
first entry ("All times are UTC"); entries after one that gives a zone are read in it. The
suggestion uses the outage window's zone (UTC when
it has none). A timeline in another zone than the outage window makes readers convert
every line.

Fails::

    ## Timeline
    - 10:15: alert fired

Passes::

    ## Timeline (UTC)
    - 10:15: alert fired

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import entries, outage_window, timeline_zone
from postmortem_lint.checks.helpers import at_heading
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

_TRAILING_PUNCTUATION = re.compile(r"[\s;:,.]+$")

ID = "PM203"
NAME = "timeline-timezone"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}
ROLES = (Role.TIMELINE,)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.TIMELINE)
    timed = [entry for entry in entries(doc) if entry.moment.time is not None]
    if section is None or not timed:
        return
    shared = timeline_zone(doc, section)
    first_zoned = next((i for i, entry in enumerate(timed) if entry.moment.zone), len(timed))
    bare = timed[:first_zoned]  # after a zoned entry, a reader reads its zone on
    window = outage_window(doc)
    expected = window.zone() if window else None
    if bare and shared is None:
        zone = expected.text if expected is not None else "UTC"
        title = _TRAILING_PUNCTUATION.sub("", section.title)
        yield bare[0].problem(
            doc,
            f"{len(bare)} of {len(timed)} timeline entries have no timezone: add it to each, "
            f"or once in the heading, e.g. '{'#' * section.level} {title} ({zone})'",
        )
    if expected is None or expected.offset_minutes is None:
        return
    zones = [entry.moment.zone or shared for entry in timed]
    other = next(
        (
            z
            for z in zones
            if z is not None and z.offset_minutes not in (None, expected.offset_minutes)
        ),
        None,
    )
    if other is not None:
        yield at_heading(
            section,
            f"the timeline uses {other.text} but the outage window uses {expected.text}: "
            "use one zone throughout",
        )
