"""The Issue Summary says what was affected and quantifies it.

Why: the impact is the first thing a reader wants: which service or feature failed,
what users saw, and how many were hit. "Some users had issues" tells nothing; "the
checkout API returned 502 errors to 40% of users" does.

Two checks: the summary names something affected (a word from
``affected-words``: service, website, API, users, ...), and it quantifies the impact
with a percentage ("40%", "40 percent") or a number, or a word such as "all", before one
of ``quantity-nouns`` ("1,200 users", "all customers", "3k requests"), or "everyone". A
section with the ``impact`` role (an "Impact" section in a team pack) is read with the
summary, and so is a lead paragraph above the first section. Without either, the whole
file is searched.

Fails::

    ## Issue Summary
    Some people had problems with the site for a while.

Passes::

    ## Issue Summary
    The login API returned errors to 35% of users.

Options:
  affected-words (words): what an impact statement names (service, API, users, ...).
  quantity-nouns (words): what is counted (users, customers, requests, ...).
  quantity-words (words): words that quantify without digits (all, every, half, ...).
  any-count (bool): a number or quantity word before any plural noun quantifies ("18,000
    sellers", "305 teams"), not only before ``quantity-nouns`` (default false; on in the
    team packs, whose impacts count their own things). Durations are not counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from postmortem_lint.checks import CONTENT, Option, Options, vocabulary
from postmortem_lint.checks.helpers import (
    at_heading,
    find_phrase,
    folded,
    may_hold,
    opening,
    prose_blocks,
    sections,
    word_starts,
)
from postmortem_lint.document import Document
from postmortem_lint.sections import Role
from postmortem_lint.violation import Level, Problem

ID = "PM103"
NAME = "impact"
LEVEL = Level.ERROR
OPTIONS = {
    "affected-words": Option(
        "words",
        vocabulary(
            "service*, website*, site, web app*, application*, app, apps, api, apis, server*, "
            "database*, feature*, page*, platform*, system*, endpoint*, login, checkout, users, "
            "user, customers, customer, clients, visitors, down, outage, unavailable, "
            "inaccessible, slow*, latency, error*, fail*, timeout*, downtime"
        ),
        "what an impact statement names",
    ),
    "quantity-nouns": Option(
        "words",
        vocabulary(
            "user*, customer*, client*, visitor*, request*, transaction*, order*, session*, "
            "account*, subscriber*, member*, student*, people, queries, query, calls, "
            "connections, pages, sites, traffic, api calls, page views, payments"
        ),
        "what is counted",
    ),
    "quantity-words": Option(
        "words",
        vocabulary(
            "all, every, half, none, no, most, majority, one, two, three, four, five, ten, "
            "hundreds, thousands, millions, entire, whole"
        ),
        "words that quantify without digits",
    ),
    "any-count": Option("bool", False, "a number before any plural noun quantifies"),
}
ROLES = (Role.SUMMARY, Role.IMPACT)
YIELDS_TO = CONTENT

_PERCENT = re.compile(  # starting only where a number starts: linear on a run of digits
    r"(?<![\d.,])\d{1,15}(?:[.,]\d{1,15})?\s?(?:%|percent\b|per cent\b)", re.IGNORECASE
)
_PERCENT_NEEDS = ("%", "percent", "per cent")  # what a match of _PERCENT holds


_ANY_PLURAL = r"(?!(?:second|minute|hour|day|week|month|year|time)s\b)[a-z]{2,}s"
_EVERYONE = re.compile(r"\b(?:everyone|everybody)\b", re.IGNORECASE)
_EVERYONE_NEEDS = ("everyone", "everybody")


@lru_cache(maxsize=16)
def _counted(nouns: tuple[str, ...], words: tuple[str, ...], any_count: bool) -> re.Pattern[str]:
    noun = "|".join(re.escape(n).replace(r"\*", r"\w*") for n in sorted(nouns, key=len)[::-1])
    noun = f"{noun}|{_ANY_PLURAL}" if any_count else noun
    word = "|".join(re.escape(w) for w in sorted(words, key=len)[::-1]) or "(?!)"
    number = r"(?<![\d,.])\d[\d,.]{0,20}\s?(?:k|m|thousand|million|hundred)?\+?"
    filler = r"(?:\s+(?:of|the|our|its|their|active|affected|\w+ing|\w+ed))*"
    return re.compile(rf"(?<!\w)(?:{number}|{word}){filler}\s+(?:{noun})(?!\w)", re.IGNORECASE)


def check(doc: Document, options: Options) -> Iterator[Problem]:
    read = sections(doc, Role.SUMMARY, Role.IMPACT)
    blocks = [block for section in read for block in prose_blocks(doc, section)]
    blocks = [*opening(doc), *blocks] if read else prose_blocks(doc, None)
    section = next((s for s in read if s.words), read[0] if read else None)
    where = f"'{section.title}'" if section else "the file"
    region = doc.region(Role.SUMMARY)
    affected = options.words("affected-words")
    if affected and find_phrase(blocks, affected) is None:
        yield at_heading(
            section,
            f"{where} does not say what was affected: name the service or feature that failed "
            "and what users saw",
            region,
        )
    nouns, words = options.words("quantity-nouns"), options.words("quantity-words")
    text = "\n".join(block.text for block in blocks)
    seen = folded(text)  # each search is skipped where its prefilter rules it out
    any_count = options.flag("any-count")
    if (
        not nouns
        or (may_hold(seen, _PERCENT_NEEDS) and _PERCENT.search(text))
        or (may_hold(seen, _EVERYONE_NEEDS) and _EVERYONE.search(text))
        or (
            (any_count or may_hold(seen, word_starts(nouns)))
            and _counted(nouns, words, any_count).search(text)
        )
    ):
        return
    yield at_heading(
        section,
        f"{where} does not quantify the impact: give a share or a count, "
        "e.g. '35% of users' or '1,200 failed requests'",
        region,
    )
