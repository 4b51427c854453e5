"""The fuzz suite: generated postmortems and mutated fixtures, under every shipped pack.

Properties (tests/fuzzing.py): lint_text never raises and every finding lies inside the
text; fix_text is idempotent, loses no word or punctuation mark and adds no finding of
the fixed rules; and linting costs linear time. Bounded for CI: the profile "ci"
(chosen when CI=true) is derandomized with a fixed number of examples; "dev" (the
default) draws new examples each run and keeps failures in .hypothesis/. Long runs:
``python bench/fuzz.py --examples 100000``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from postmortem_lint.document import _parser, parse
from postmortem_lint.document._parser import markdown
from postmortem_lint.engine import fix_text, lint_text
from tests import fuzzing as fz

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

PACKS = pytest.mark.parametrize("pack", fz.PACKS)


def test_every_shipped_pack_is_fuzzed() -> None:
    assert set(fz.PACKS) >= {"alx", "google-sre", "incident", "pagerduty"}
    assert len(fz.fixture_texts()) >= 40  # the mutations start from our fixtures


# -- regressions found by fuzzing: inputs of our own, kept as explicit examples ---------

WHITESPACE_LINE = "\u2029\n###Timeline\n\n- 10:00 UTC the alert fired\n"  # PM002 at 1:2-1:1
PAST_CALENDAR = "## Issue Summary\n\nOn 9999-12-31, from 23:00 to 01:00 UTC, logins failed.\n"
ROLLED_PAST_CALENDAR = (
    "## Issue Summary\n\nLogins failed from 0001-01-01 10:00 UTC to 9999-12-31 12:00 UTC.\n\n"
    "## Timeline\n\n- 9999-12-31 10:00 UTC - the alert fired\n- 09:00 UTC - we looked\n"
)
BEFORE_CALENDAR = (
    "## Issue Summary\n\nLogins failed from 0001-01-01 00:00 UTC to 00:30 UTC.\n\n## Timeline\n\n"
    "- 00:00 UTC - the alert fired\n- 00:10 UTC - we looked\n- 00:30 UTC - we fixed it\n"
)
LINK_TITLE = '## Time Line\n\nSee [the timeline](#Time Line "the events").\n'


@PACKS
@settings(max_examples=150)
@example(text=WHITESPACE_LINE)
@example(text=PAST_CALENDAR)
@example(text=ROLLED_PAST_CALENDAR)
@example(text=BEFORE_CALENDAR)
@example(text=LINK_TITLE)
@example(text="\ufeff" + "\r\n".join(["# Timeline", "", "**Root Cause:**", "", "x"]))
@given(text=fz.documents())
def test_generated_documents(pack: str, text: str) -> None:
    fz.check_all(text, fz.pack(pack))


@PACKS
@settings(max_examples=100)
@given(text=fz.mutated_fixtures())
def test_mutated_fixtures(pack: str, text: str) -> None:
    fz.check_all(text, fz.pack(pack))


@settings(max_examples=1000)
@given(text=st.text(max_size=300) | fz.odd_text, pack=st.sampled_from(fz.PACKS))
def test_any_text(text: str, pack: str) -> None:
    fz.check_all(text, fz.pack(pack))


@pytest.mark.parametrize("line", ["\u2029", "  \u2028 \xa0", "\f", "\v", "- \u2028", "\x85"])
def test_a_line_of_unicode_whitespace_does_not_shift_the_lines(line: str) -> None:
    """markdown-it strips a paragraph with str.strip, dropping whole lines of whitespace
    CommonMark does not call blank; the section on the next line was put on the line
    above (PM002 then pointed at line 1 with an end before its start)."""
    assert [s.line for s in parse(f"{line}\n#Timeline\n").sections] == [2]
    text = WHITESPACE_LINE + "\n## Issue Summary\n\nSome text.\n"
    found = lint_text(text, config=fz.pack("alx"))
    fz.check_positions(text, found)
    assert [(v.line, v.column) for v in found if v.rule == "PM002"] == [(2, 1)]


@pytest.mark.parametrize("text", [PAST_CALENDAR, ROLLED_PAST_CALENDAR, BEFORE_CALENDAR])
def test_the_calendars_ends_are_no_crash(text: str) -> None:
    """A window running past midnight on 9999-12-31 rolled its end to a day datetime
    cannot hold (PM101 failed with OverflowError), so did an entry rolled over to the next
    day (PM202), and a window starting at 0001-01-01 00:00 less PM205's tolerance."""
    for pack in fz.PACKS:
        found = lint_text(text, config=fz.pack(pack))  # a RuleError before the fix
        fz.check_positions(text, found)
    late = BEFORE_CALENDAR + "- 03:45 UTC - we left\n"
    messages = [v.message for v in lint_text(late, config=fz.pack("alx")) if v.rule == "PM205"]
    assert messages == [
        "'03:45 UTC' is 3 hours after the outage ended (per the summary's window): "
        "check the time, date or AM/PM"
    ]


def test_content_compares_what_a_fix_keeps() -> None:
    """The loss-free measure itself: the marks a fix drops do not count, anything else
    does, and a link target counts as its letters."""
    assert fz.content("**Timeline:**") == fz.content("## Timeline")
    assert fz.content("+ Root Cause:") == fz.content("## Root Cause")
    assert fz.content("[a](#Time Line)") == fz.content("[a](#time-line)")
    assert fz.content("**Timeline:**;") != fz.content("## Timeline")
    assert fz.content('[a](#Time Line "x")') != fz.content("[a](#time-line)")
    assert fz.content("## Timeline") != fz.content("## Timelin")


def test_fix_keeps_a_link_title() -> None:
    """PM006 replaced the title with the anchor too: '(#Time Line "the events")' became
    '(#time-line)'."""
    fixed = fix_text(LINK_TITLE, fz.pack("alx"))
    assert fixed.text == LINK_TITLE.replace("#Time Line ", "#time-line ")


# -- linear time ----------------------------------------------------------------------


def _clear_caches() -> None:
    """Empty the module-level caches of the linter (the time grammar's paragraph cache,
    the rules' per-document ones), so each timed run does the work."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("postmortem_lint") or name == "postmortem_lint.config":
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


def cost(text: str, repeats: int = 3) -> float:
    """CPU seconds to lint *text* under the alx pack: the least of a few runs, caches
    emptied before each, never below 2 ms (the clock's noise)."""
    config = fz.pack("alx")
    runs = []
    for _ in range(repeats):
        _clear_caches()
        start = time.process_time()
        lint_text(text, config=config)
        runs.append(time.process_time() - start)
    return max(min(runs), 0.002)


LINEAR = 8.0  # the cost of 4x the input: linear is 4, quadratic 16
H = "## Issue Summary\n\n"


@cache
def _warm() -> None:
    lint_text(fz.fixture_texts()[0], config=fz.pack("alx"))


@pytest.mark.parametrize(
    ("make", "size"),
    [
        pytest.param(lambda n: H + "a" + " " * n + "b\n", 4000, id="spaces"),
        pytest.param(lambda n: H + "a" + "\t" * n + "b\n", 4000, id="tabs"),
        pytest.param(lambda n: H + "1" * n + "\n", 4000, id="digits"),
        pytest.param(lambda n: H + "1," * n + "\n", 2000, id="1,"),
        pytest.param(lambda n: H + "(" * n + "\n", 4000, id="("),
        pytest.param(lambda n: H + "[" * n + "\n", 1000, id="["),
        pytest.param(lambda n: H + "](#" * n + "\n", 1000, id="](#"),
        pytest.param(lambda n: "<h1>" * n + "\n", 4000, id="<h1>"),
        pytest.param(lambda n: "<!--\n" * n, 1000, id="<!--"),
        pytest.param(lambda n: H + "10:00 UTC " * n + "\n", 300, id="times"),
        pytest.param(
            lambda n: "".join(f"## Heading {i}\n\ntext {i}\n\n" for i in range(n)),
            150,
            id="distinct-headings",
        ),
        pytest.param(lambda n: "## Timeline\n\n- 10:00 UTC x\n\n" * n, 150, id="same-headings"),
        pytest.param(
            lambda n: H + "".join(f"[x](#nowhere-{i}) " for i in range(n)) + "\n",
            300,
            id="broken-anchors",
        ),
        pytest.param(lambda n: "**Timeline:**\n\n" * n, 150, id="pseudo-headings"),
    ],
)
def test_pathological_runs_cost_linear_time(make: Callable[[int], str], size: int) -> None:
    _warm()
    assert cost(make(size * 4)) / cost(make(size)) < LINEAR


@settings(max_examples=12)
@given(text=fz.documents())
def test_a_document_repeated_costs_linear_time(text: str) -> None:
    """A document four times over costs about four times as much (repeats hold the same
    headings many times: their anchors, -1, -2, ..., once grew quadratically)."""
    _warm()
    text = text.removeprefix("\ufeff") + "\n\n"
    assert cost(text * 16) / cost(text * 4) < LINEAR


@settings(max_examples=12)
@given(line=fz.line_text | fz.runs() | fz.timeline_entries() | fz.headings())
def test_a_line_made_longer_costs_linear_time(line: str) -> None:
    _warm()
    line = line.replace("\r", " ").replace("\n", " ")
    assert cost(H + line * 32 + "\n") / cost(H + line * 8 + "\n") < LINEAR


# -- the parser: our inline shortcut gives the tokens markdown-it itself gives ----------

_BARE = MarkdownIt("commonmark").enable("table")
_LINE_EDGES = st.text(alphabet=" \t\n\f\u2028\xa0ab*_`[]<>&\\!#-|:", max_size=120)
_PLAIN_LINES = st.text(alphabet=" \t\n\f\u3000\xa0ab!#-|:~=", max_size=120)
"""Text the shortcut takes: no character an inline rule starts at, many lines."""


@settings(max_examples=600)
@example(text="a  \nb \n\t c\n   \nd\t  \ne\f \nf\t \ng   \n\xa0\fh")  # each break
@example(text="| a  | b |\n| - | - |\n| c | d  \\|\n")
@example(text="a\\\nb \\# \\|")  # a backslash break and escapes
@given(text=_LINE_EDGES | _PLAIN_LINES | fz.documents() | fz.mutated_fixtures())
def test_the_parser_gives_markdown_its_own_tokens(text: str) -> None:
    assert markdown().parse(text) == _BARE.parse(text)


def test_plain_text_skips_the_inline_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headings, cells and prose without inline syntax never reach markdown-it's inline
    parser; text with syntax does."""
    md = markdown()
    real = md.inline.parse
    calls: list[str] = []

    def counted(src: str, *rest: Any) -> Any:
        calls.append(src)
        return real(src, *rest)

    monkeypatch.setattr(md.inline, "parse", counted)
    plain = (
        "## Timeline\n\n| when | what |\n| - | - |\n| 10:00 | paged |\n\nIt broke.  \nWe fixed.\n"
    )
    assert md.parse(plain) == _BARE.parse(plain)
    assert calls == []
    assert md.parse("It **broke** at [10:00](#timeline).\n") == _BARE.parse(
        "It **broke** at [10:00](#timeline).\n"
    )
    assert calls == ["It **broke** at [10:00](#timeline)."]


def test_the_shortcut_is_kept_to_the_inline_rules_it_was_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the installed markdown-it the shortcut is on; were its inline rules another set
    (a release adding one, say), the stock inline parser stays."""
    assert _parser._inline in markdown().core.ruler.getRules("")
    monkeypatch.setattr(_parser, "_INLINE_RULES", (("text",), ()))
    assert _parser._inline not in _parser.markdown.__wrapped__().core.ruler.getRules("")
