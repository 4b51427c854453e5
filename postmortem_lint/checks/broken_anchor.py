"""An in-document link points at no heading.

Why: a table of contents whose links go nowhere is the most common broken part of a
postmortem. Anchors are GitHub's: the heading in lower case, punctuation dropped, spaces
turned into hyphens, ``-1``, ``-2`` appended to repeats; ``id``/``name`` attributes of HTML
tags count too. Disguised headings (bold text, ``#NoSpace``) have no anchor. A link target
with a space is not a link at all on GitHub; it is reported with the anchor to use.

Fails::

    [Timeline](#time-line)
    [Issue Summary](#Issue Summary)

Passes::

    [Timeline](#timeline)

    ## Timeline

Fix (``--fix``): when the target names a heading but is spelt differently (spaces, case,
punctuation), it is replaced by the heading's anchor (a link title after it stays).

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from postmortem_lint.checks import Option, Options
from postmortem_lint.document import Document, mask_code_spans
from postmortem_lint.document import slug as to_slug
from postmortem_lint.violation import Fix, Level, Problem

ID = "PM006"
NAME = "broken-anchor"
LEVEL = Level.WARNING
OPTIONS: dict[str, Option] = {}

_LINK = re.compile(r"\]\(\s*#([^)\n]{0,500})\)")  # bounded: no anchor is longer (linear)
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*$""")  # [text](#anchor "title")


def check(doc: Document, options: Options) -> Iterator[Problem]:
    anchors = {anchor.lower() for anchor in doc.anchors}
    for number, line in enumerate(doc.lines, start=1):
        if "](#" not in line.replace("]( #", "](#") or number in doc.code_lines:
            continue
        visible = mask_code_spans(line)
        for found in _LINK.finditer(visible):
            title = _TITLE.search(found.group(1))
            written = found.group(1)[: title.start()] if title else found.group(1)
            target = unquote(written).strip()
            if not target or target.lower() in anchors:  # "#" alone is the top of the page
                continue
            slug = to_slug(target)
            fix = None
            if slug in anchors:
                spaces = "a target with spaces is not a link; " if " " in target else ""
                hint = f"{spaces}write '#{slug}'"
                start = found.start(1) + len(written) - len(written.lstrip())
                fix = Fix(number, start + 1, found.start(1) + len(written.rstrip()) + 1, slug)
            else:
                from difflib import get_close_matches  # only for a link that is broken

                near = get_close_matches(slug, sorted(anchors), n=1, cutoff=0.7)
                hint = f"did you mean '#{near[0]}'?" if near else "no heading has this anchor"
            yield Problem(
                number,
                found.start() + 3,
                f"link to '#{target}' matches no heading: {hint}",
                number,
                found.end(),
                fix,
            )
