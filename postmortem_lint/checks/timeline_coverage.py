"""The timeline covers the whole story: detection to resolution.

Why: the assignment asks the timeline to show when and how the issue was detected, what
was investigated and assumed, a misleading path, whom it was escalated to, and how it was
resolved. Each part is recognised by the pack's vocabulary for it anywhere in the
Timeline section; one finding per missing part, naming it. A timeline without timed entries
is left to PM201.

Fails: a timeline whose entries never say how the outage was noticed.

Passes::

    - 10:02 UTC: a monitoring alert fires on the 5xx rate        (detection)
    - 10:10 UTC: on-call checks the web servers, assuming a leak  (investigation)
    - 10:40 UTC: the leak theory is ruled out                      (misleading path)
    - 10:45 UTC: escalated to the database team                    (escalation)
    - 11:20 UTC: replica restarted; errors stop                    (resolution)

Options (words; "*" ends a stem):
  detection-words, investigation-words, misleading-words, escalation-words,
  resolution-words: the vocabulary of each part.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.checks._common import at_heading, find_phrase
from postmortem_lint.checks._timeline import entries
from postmortem_lint.document import Document
from postmortem_lint.violation import Level, Problem

ID = "PM204"
NAME = "timeline-coverage"
LEVEL = Level.WARNING

PARTS = {
    "detection": "how the issue was detected",
    "investigation": "what was investigated or assumed",
    "misleading": "a lead that turned out wrong (a misleading path)",
    "escalation": "whom the incident was escalated to",
    "resolution": "how the incident was resolved",
}
OPTIONS = {
    f"{part}-words": Option("words", (), f"words that show {what}") for part, what in PARTS.items()
}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.first("timeline")
    if section is None or not entries(doc):
        return  # no timeline entries: PM201 says so
    blocks = list(section.prose())
    for part, what in PARTS.items():
        words = options.words(f"{part}-words")
        if words and find_phrase(blocks, words) is None:
            yield at_heading(section, f"the timeline does not mention {what}: add an entry for it")
