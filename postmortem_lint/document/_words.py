"""Words as the word count sees them, and GitHub's heading anchors."""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"(?<!\S)(?!<?https?://|www\.)(?=[^\s\w]*\w)\S+", re.IGNORECASE)
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit, URLs excluded."""
    return len(WORD.findall(text))


def slug(title: str) -> str:
    """A heading's GitHub anchor: lower case, punctuation dropped, spaces to hyphens."""
    return _NOT_IN_SLUG.sub("", title.strip().lower()).replace(" ", "-")


def slugs(titles: Iterable[str]) -> set[str]:
    """GitHub-style anchors of *titles* in order, ``-1``, ``-2`` for repeats."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for title in titles:
        base = slug(title)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out
