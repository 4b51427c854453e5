"""``python -m postmortem_lint``."""

from postmortem_lint.cli import main

main()
