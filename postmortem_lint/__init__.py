"""postmortem-lint: a linter for incident postmortems written in Markdown.

Public API::

    from postmortem_lint import lint_text, lint_file, Violation

    for v in lint_file("0x19-postmortem/README.md"):
        print(v.line, v.rule, v.message)
"""

from __future__ import annotations

from postmortem_lint.engine import InputError, fix_file, fix_text, lint_file, lint_text
from postmortem_lint.violation import Violation

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Violation",
    "__version__",
    "fix_file",
    "fix_text",
    "lint_file",
    "lint_text",
]
