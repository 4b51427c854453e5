"""An all-numeric date reads two ways.

Why: "04/10/2024" is April 10 in the United States and 4 October in most of the world.
postmortem-lint reads it by the config's ``date-order`` (``mdy`` by default, ``dmy`` in
config), and says so when the other reading is a real date too, so that the writer can
spell the month out. Dates that read only one way ("25/10/2024") are not reported. One
finding per file, on the first such date, with a count of the others.

Fails::

    The outage began on 04/10/2024 at 10:00 UTC.

Passes::

    The outage began on April 10, 2024 at 10:00 UTC.
    The outage began on 2024-04-10 at 10:00 UTC.

Options: none (the reading follows the config's ``date-order``).
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._timeline import moments
from postmortem_lint.checks.helpers import at_span, quote
from postmortem_lint.document import Document
from postmortem_lint.timegrammar import MONTH_NAMES
from postmortem_lint.violation import Level, Problem

ID = "PM604"
NAME = "ambiguous-date"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    found = [(block, m.date) for block, m in moments(doc) if m.date and m.date.ambiguous]
    if not found:
        return
    block, date = found[0]
    written = quote(block.text[date.start : date.end])
    year = f", {date.year}" if date.year else ""
    read = f"{MONTH_NAMES[date.month]} {date.day}{year}"
    other = f"{MONTH_NAMES[date.day]} {date.month}"
    iso = f"{date.year}-{date.month:02d}-{date.day:02d}" if date.year else read
    more = f" ({len(found) - 1} more dates like it)" if len(found) > 1 else ""
    yield at_span(
        doc,
        block,
        date.start,
        date.end,
        f"'{written}' is read as {read} (date-order {doc.date_order}) but could be "
        f"{other}: write '{read}' or '{iso}'{more}",
    )
