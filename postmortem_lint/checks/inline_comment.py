"""An inline comment names a rule that does not exist.

Why: ``<!-- postmortem-lint disable-file PM5O1 -->`` (a letter O for a zero) switches
nothing off, so the writer believes a finding is silenced when it is not, or a reviewer
cannot tell what was meant. A comment naming no rule at all applies to every rule; a
comment naming only unknown rules applies to none.

Fails::

    <!-- postmortem-lint disable word-cout -->

Passes::

    <!-- postmortem-lint disable word-count -->

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document, directives
from postmortem_lint.violation import Level, Problem

ID = "PM008"
NAME = "inline-comment"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}


def check(doc: Document, options: Options) -> Iterator[Problem]:
    from postmortem_lint.checks import lookup  # the registry is complete by now

    for directive in directives(doc):
        for name in directive.rules:
            if lookup(name) is None:
                yield Problem(
                    directive.line,
                    directive.column,
                    f"inline comment names unknown rule {name!r}: it switches nothing off "
                    "(see 'postmortem-lint rules')",
                    directive.line,
                    directive.end_column,
                )
