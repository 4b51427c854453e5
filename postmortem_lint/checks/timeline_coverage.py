"""The timeline covers the whole story: detection to resolution.

Why: the assignment asks the timeline to show when and how the issue was detected, what
was investigated and assumed, a misleading path, whom it was escalated to, and how it was
resolved. Each part is recognised by its vocabulary option anywhere in the
Timeline section; one finding per missing part, naming it. Coverage is judged on a
timeline of timed entries only (a prose timeline has no entries to cover the story).

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

from postmortem_lint.checks import CONTENT, Option, Options, vocabulary
from postmortem_lint.checks._timeline import entries
from postmortem_lint.checks.helpers import at_heading, find_phrase
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
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
_WORDS = {
    "detection": vocabulary(
        "detect*, notic*, alert*, alarm*, monitor*, report*, complain*, discover*, spotted, "
        "first sign*, flagged, observed, page, paged, ticket*"
    ),
    "investigation": vocabulary(
        "investigat*, check*, verif*, test*, examin*, inspect*, look* into, looked at, "
        "review*, analy*, debug*, diagnos*, assum*, suspect*, hypothes*, theor*, "
        "troubleshoot*, dig*, traced"
    ),
    "misleading": vocabulary(
        "mislead*, misled, wrong, persist*, still, confirmed no, ruled*, red herring, false "
        "lead, dead end, ruled out, rule out, rules out, theory, not the cause, turned out, "
        "initially, at first, mistaken*, incorrect*, dropped, no luck, unsuccessful, did not "
        "help, didn't help, nothing, instead"
    ),
    "escalation": vocabulary(
        "escalat*, notified, notify, informed, assigned, alerted, raised with, forwarded, "
        "team lead*, engineering team, development team, dev team, support team, handed over, "
        "hand* off, called in, brought in, reached out, contacted, paged, involved, looped "
        "in, senior, manager, on-call, oncall, devops team, database team, infrastructure "
        "team, platform team, backend team, sre team, security team, network team"
    ),
    "resolution": vocabulary(
        "resolv*, fix*, restor*, roll* back, rolled back, revert*, restart*, recover*, "
        "mitigat*, reconfigur*, back to normal, return* to normal, normal again, back online, "
        "deployed the fix, patch*, closed, working again, stabiliz*"
    ),
}
OPTIONS = {
    f"{part}-words": Option("words", _WORDS[part], f"words that show {what}")
    for part, what in PARTS.items()
}
ROLES = (Role.TIMELINE,)
YIELDS_TO = CONTENT


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.TIMELINE)
    if section is None or not entries(doc):
        return  # coverage is judged on a timeline of timed entries
    blocks = list(section.prose())
    for part, what in PARTS.items():
        words = options.words(f"{part}-words")
        if words and find_phrase(blocks, words) is None:
            yield at_heading(section, f"the timeline does not mention {what}: add an entry for it")
