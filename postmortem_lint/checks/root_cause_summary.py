"""The Issue Summary states the root cause.

Why: the assignment asks the summary to give the root cause in a sentence, so a reader
who stops there still knows why it happened. The summary passes when it holds one of the
``phrases`` ("root cause", "caused by", "due to", "because", ...). Without an Issue
Summary section, nothing is reported (PM001 covers it).

Fails::

    ## Issue Summary
    The website was down for two hours and 40% of users saw errors.

Passes::

    ## Issue Summary
    ... The root cause was an expired TLS certificate on the load balancer.

Options:
  phrases (words): phrases that introduce a cause.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import CONTENT, Option, Options, vocabulary
from postmortem_lint.checks.helpers import at_heading, find_phrase, prose_blocks
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM104"
NAME = "root-cause-summary"
LEVEL = Level.WARNING
OPTIONS = {
    "phrases": Option(
        "words",
        vocabulary(
            "root cause*, cause*, was due, due to, because, resulted from, result of, stemmed "
            "from, stemming from, triggered by, owing to, traced to, led to, attributed to, the "
            "culprit"
        ),
        "phrases that introduce a cause",
    )
}
ROLES = (Role.SUMMARY,)
YIELDS_TO = CONTENT


def check(doc: Document, options: Options) -> Iterator[Problem]:
    section = doc.section(Role.SUMMARY)
    phrases = options.words("phrases")
    if section is None or not phrases:
        return
    if find_phrase(prose_blocks(doc, section), phrases) is None:
        yield at_heading(
            section,
            f"'{section.title}' does not state the root cause: add a sentence such as "
            "'The root cause was ...'",
        )
