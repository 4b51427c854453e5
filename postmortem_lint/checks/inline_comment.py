"""An inline comment names a rule, or an action, that does not exist.

Why: ``<!-- postmortem-lint disable-file PM5O1 -->`` (a letter O for a zero) switches
nothing off, so the writer believes a finding is silenced when it is not, or a reviewer
cannot tell what was meant. A comment naming no rule at all applies to every rule; a
comment naming only unknown rules applies to none.

Words after ``--`` are a reason and are not read as rule names.

Fails::

    <!-- postmortem-lint disable word-cout -->
    <!-- postmortem-lint disabel word-count -->

Passes::

    <!-- postmortem-lint disable word-count -- a short demo on purpose -->

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Action, Document
from postmortem_lint.violation import Level, Problem

ID = "PM008"
NAME = "inline-comment"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}
ABOUT_INLINE_COMMENTS = True


def check(doc: Document, options: Options) -> Iterator[Problem]:
    from postmortem_lint.checks import lookup  # the registry is complete by now

    for directive in doc.directives:
        if directive.known_action is None:
            yield Problem(
                directive.line,
                directive.column,
                f"inline comment has unknown action {directive.action!r}: it does nothing "
                f"(use one of: {', '.join(Action)})",
                directive.line,
                directive.end_column,
            )
            continue
        unknown = [(name, column) for name, column in directive.names if lookup(name) is None]
        if unknown:
            names = ", ".join(repr(name) for name, _column in unknown)
            column = unknown[0][1]
            yield Problem(
                directive.line,
                column,
                f"inline comment names unknown rule{'s' * (len(unknown) > 1)} {names}: "
                "it switches nothing off for them (see 'postmortem-lint rules')",
                directive.line,
                column + len(unknown[0][0]),
            )
