"""Text made safe for the Markdown of a job summary: code spans and escaped table cells."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def code(text: str) -> str:
    """*text* as a code span that a table cell can hold."""
    fence, pad = ("``", " ") if "`" in text else ("`", "")
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def escaped(text: str) -> str:
    """*text* as one line of a table cell, its Markdown punctuation escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))
