"""Fuzzing: hypothesis strategies for postmortem-like documents, mutations of our own
fixtures, and the properties every shipped pack must keep on any of them.

Shared by the fuzz suite (``tests/test_fuzz.py``, bounded for CI) and the long runs of
``bench/fuzz.py``. The properties raise :class:`PropertyFailed` naming the property.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, time
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from hypothesis import strategies as st

from postmortem_lint import config as config_module
from postmortem_lint.checks import registry
from postmortem_lint.config import Config
from postmortem_lint.engine import fix_text, lint_text
from postmortem_lint.violation import Violation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PACKS: tuple[str, ...] = tuple(config_module.pack_names())
FIXED_RULES = ("PM002", "PM006")  # the rules that offer a fix (--fix)


class PropertyFailed(AssertionError):
    """A property does not hold; ``name`` says which."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name}: {detail}")
        self.name = name


@cache
def pack(name: str) -> Config:
    """A shipped pack's config, loaded as ``--config rules/NAME.yaml`` would load it."""
    return config_module.load(config_module.pack_path(name))


@cache
def fixture_texts() -> tuple[str, ...]:
    """Our own fixture postmortems (fixtures/**/*.md), read as UTF-8."""
    paths = sorted(FIXTURES.rglob("*.md"))
    return tuple(path.read_text(encoding="utf-8-sig") for path in paths)


def _section_names() -> list[str]:
    specs = [spec for name in PACKS for spec in pack(name).catalogue.specs]
    return sorted({title for spec in specs for title in spec.names()})


SECTION_NAMES = _section_names()
RULE_KEYS = sorted({key for rule in registry() for key in (rule.id, rule.name)})

# -- text pieces ------------------------------------------------------------------------

ODD_SPACE = ["\t", "\f", "\v", "\u2028", "\u2029", "\u00a0", "\u200b", "\u3000", "\x85", " "]
NEWLINES = ["\n", "\r\n", "\r"]
MARKDOWN_CHARS = "#*_-+=|`~<>[]()!:;,.\\/&\"' 0123456789"
RUNS = [" ", "\t", "1", "1,", "(", "[", "](#", "<h1>", "<!--", "*", "_", "#", "-", "`", "> "]

_WORDS = (
    "the a server nginx database users login page outage error 500 restarted rolled back "
    "deploy config typo engineer alert fired team on-call pager latency requests failed "
    "because root cause fix monitoring added dashboard owner Alice Bob we they it was were "
    "2 hours 30 minutes 45 min 40% 1,000 3.5 percent of all customers API cache disk full "
    "İstanbul Ünïcödé 東京 café naïve"
)
words = st.sampled_from(_WORDS.split())
ZONES = [
    "UTC", "GMT", "Z", "PST", "PDT", "EST", "EDT", "CET", "CEST", "IST", "WAT", "EAT", "JST",
    "AEST", "BST", "UTC+1", "UTC-12", "GMT+14", "UTC+05:30", "+00:00", "-05:00", "+14:00",
    "-12:00", "+23:59", "+99:99", "(UTC)", "Pacific Time", "America/New_York", "XYZ", "",
]  # fmt: skip
EDGE_DATES = [
    "9999-12-31", "0001-01-01", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10",
    "2024-04-31", "1970-01-01", "31/12/9999", "01/01/0001", "12/31/9999", "29/02/2023",
    "December 31, 9999", "January 1, 0001", "Feb 30, 2024", "Friday, March 9, 2024",
    "Sunday 31 December 9999", "Monday, January 1, 0001",
]  # fmt: skip
EDGE_TIMES = ["24:00", "23:59:60", "00:00", "12:00 AM", "12:00 PM", "13:00 PM", "99:99", "1:5"]
ACTIONS = ["disable", "enable", "disable-next-line", "disable-file", "disables", ""]


_DATE_FORMS: tuple[Callable[[date], str], ...] = (
    date.isoformat,
    lambda day: f"{day:%B} {day.day}, {day.year:04d}",
    lambda day: f"{day.day} {day:%b} {day.year:04d}",
    lambda day: f"{day.month:02d}/{day.day:02d}/{day.year:04d}",
    lambda day: f"{day.day:02d}.{day.month:02d}.{day.year:04d}",
    lambda day: f"{day:%A}, {day:%B} {day.day}",
)
_TIME_FORMS: tuple[Callable[[time], str], ...] = (
    lambda moment: f"{moment:%H:%M}",
    lambda moment: f"{moment:%H:%M:%S}",
    lambda moment: f"{moment:%I:%M %p}",
    lambda moment: f"{moment.hour % 12 or 12}{moment:%p}".lower(),
    lambda moment: f"{moment:%H}h{moment:%M}",
)


dates = st.one_of(
    st.sampled_from(EDGE_DATES),
    st.builds(lambda day, form: form(day), st.dates(), st.sampled_from(_DATE_FORMS)),
)
times = st.one_of(
    st.sampled_from(EDGE_TIMES),
    st.builds(lambda moment, form: form(moment), st.times(), st.sampled_from(_TIME_FORMS)),
)
zones = st.sampled_from(ZONES)


_MOMENT_FORMS = [
    "{clock} {zone}",
    "{when} {clock} {zone}",
    "{when}, {clock} {zone}",
    "{iso}T{clock24}{offset}",
    "{when} from {clock} to {clock2} {zone}",
    "{when}",
]
_OFFSETS = st.sampled_from(["Z", "+00:00", "-12:00", "+14:00", "+05:45", ""])
_FORMS = st.integers(0, len(_MOMENT_FORMS) - 1)


@st.composite
def moments(draw: st.DrawFn) -> str:
    """A date and/or time with a zone, in the ways postmortems write them."""
    form = _MOMENT_FORMS[draw(_FORMS)]
    fields = {"when": draw(dates), "clock": draw(times), "zone": draw(zones)}
    if "{iso}" in form:
        fields.update(
            iso=draw(st.dates()).isoformat(),
            clock24=f"{draw(st.times()):%H:%M:%S}",
            offset=draw(_OFFSETS),
        )
    if "{clock2}" in form:
        fields["clock2"] = draw(times)
    return form.format(**fields).strip()


def _pick(templates: Sequence[str]) -> st.SearchStrategy[str]:
    """One of *templates*: a module-level strategy, so drawing one builds no strategy."""
    return st.sampled_from(list(templates))


short = st.lists(words, min_size=1, max_size=4).map(" ".join)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)
section_names = st.sampled_from(SECTION_NAMES)
_INLINE = _pick(
    [
        "{text}",
        "*{text}*",
        "**{text}**",
        "_{text}_",
        "`{text}`",
        "[{name}](#{name})",
        "[{name}](#{slug})",
        "[{text}](#{text})",
        '[{name}](#{name} "{text}")',
        "[{name}](#{upper}%20x)",
        "[{text}](https://example.com/{text})",
        "<https://example.com/{text}>",
        "![{text}](image.png)",
        '<a name="{name}"></a>',
        '<a id="{text}">{text}</a>',
        "&amp; &#35; &nbsp;",
        "\\*{text}\\*",
        "`[{name}](#nowhere)`",
        "{text}<br>{text}",
        "~~{text}~~",
    ]
)


@st.composite
def inline(draw: st.DrawFn) -> str:
    """A piece of inline Markdown: emphasis, code, links, anchors, entities, escapes."""
    name = draw(section_names)
    return draw(_INLINE).format(
        text=draw(short), name=name, slug=name.lower().replace(" ", "-"), upper=name.upper()
    )


_odd_spaces = st.sampled_from(ODD_SPACE)
_parts = st.lists(st.one_of(sentences, inline(), moments(), _odd_spaces), min_size=1, max_size=5)
line_text = _parts.map(" ".join)
"""Prose: words, times, inline Markdown, odd whitespace."""

_NAME_FORMS = _pick(["{}", "{}", "{}", "1. {}", "{} (UTC)", ":memo: {}", "IV) {}"])
_HEADINGS = _pick(
    [
        "{hashes} {name}",
        "{hashes}{name}",
        "{hashes}{name}{hashes}",
        "{hashes} {name} {hashes}",
        "**{name}:**",
        "**{name}**:",
        "**{name}:**;",
        "__{name}__",
        "*{name}*",
        "***{name}:***",
        "**{name}:** {text}",
        "- {name}:",
        "+ **{name}**",
        "1. {name}",
        "{name}:",
        "{name}: {text}",
        "<h{level}>{name}</h{level}>",
        "<h{level}>{name}",
        "{name}\n{rule}",
        "{name}\n---",
        "    ## {name}",
        '## {name} <a name="{name}"></a>',
        "## {name} <!-- note -->",
        "**{name}** \\",
        "**[{name}](#{name})**",
        "> ## {name}",
        "--{name}--",
        "{indent}**{name}**",
    ]
)
_LEVELS = st.integers(1, 7)
_CASES: st.SearchStrategy[Callable[[str], str]] = st.sampled_from([str, str.upper, str.lower])


@st.composite
def headings(draw: st.DrawFn) -> str:
    """A section heading, real or in disguise, from the packs' titles and aliases."""
    name = draw(_NAME_FORMS).format(draw(_CASES)(draw(section_names)))
    level = draw(_LEVELS)
    return draw(_HEADINGS).format(
        name=name,
        hashes="#" * level,
        level=level,
        text=draw(short),
        rule="=" * len(name),
        indent=" " * level,
    )


_ENTRIES = _pick(
    [
        "- {moment} - {event}",
        "* **{moment}**: {event}",
        "{moment}: {event}",
        "| {moment} | {event} |",
        "### {moment}",
        "1. {moment} \u2014 {event}",
        "- [{moment}] {event}",
        "- **{moment}** {event}",
        "\t- {moment}\t{event}",
    ]
)


@st.composite
def timeline_entries(draw: st.DrawFn) -> str:
    return draw(_ENTRIES).format(moment=draw(moments()), event=draw(line_text))


_MARKERS = st.sampled_from(["-", "*", "+", "1.", "2)", "- [ ]", "- [x]", "  -", "\t-"])
_OWNERS = st.sampled_from(["", " (owner: @alice)", " - Bob, due 2024-03-10", " TBD"])
_ITEMS = st.lists(line_text, min_size=1, max_size=5)


@st.composite
def lists(draw: st.DrawFn) -> str:
    marker, owner = draw(_MARKERS), draw(_OWNERS)
    return "\n".join(f"{marker} {item}{owner}" for item in draw(_ITEMS))


_WIDTHS = st.integers(1, 4)
_CELLS = st.lists(line_text, min_size=1, max_size=16)
_ROWS = st.integers(0, 4)


@st.composite
def tables(draw: st.DrawFn) -> str:
    width = draw(_WIDTHS)
    cells = draw(_CELLS)
    rows = [cells[i : i + width] for i in range(0, len(cells), width)][: draw(_ROWS)]
    head = "| " + " | ".join(["Time", "Event", "Who", "Zone"][:width]) + " |"
    rule = "|" + "---|" * width
    return "\n".join([head, rule, *("| " + " | ".join(row) + " |" for row in rows)])


_FENCES = st.sampled_from(["```", "~~~", "````", "```sh", "~~~ text"])
_CLOSES = st.sampled_from([0, 1, 2])


@st.composite
def code(draw: st.DrawFn) -> str:
    fence = draw(_FENCES)
    body = draw(st.lists(st.one_of(line_text, headings(), timeline_entries()), max_size=4))
    close = [fence[:3], fence.split()[0], ""][draw(_CLOSES)]  # "" leaves it open
    return "\n".join([fence, *body, close])


_ACTIONS = st.sampled_from(ACTIONS)
_RULE_NAMES = st.lists(st.sampled_from([*RULE_KEYS, "PM999", "nonsense"]), max_size=3)
_REASONS = st.sampled_from(["", " -- a reason", " --"])
_COMMENTS = _pick(
    [
        "{directive}",
        "{text} {directive}",
        "{directive_split}",
        "<!-- {text} -->",
        "<!--\n{text}\n-->",
        "<!--",
        "<!-- {text}",
        "`{directive}`",
        "\\{directive}",
    ]
)


@st.composite
def comments(draw: st.DrawFn) -> str:
    """HTML comments, inline directives (known and not) and unclosed comments."""
    rules = " ".join(draw(_RULE_NAMES))
    directive = f"<!-- postmortem-lint {draw(_ACTIONS)} {rules}{draw(_REASONS)} -->"
    return draw(_COMMENTS).format(
        directive=directive,
        directive_split=directive.replace(" -->", "\n-->"),
        text=draw(short),
    )


_RUN_UNITS = st.sampled_from(RUNS)
_RUN_LENGTHS = st.integers(1, 400)
_RUN_ENDS = st.sampled_from(["", "x", " end"])


@st.composite
def runs(draw: st.DrawFn) -> str:
    """A long run of one unit: the inputs that once made a rule quadratic."""
    return draw(_RUN_UNITS) * draw(_RUN_LENGTHS) + draw(_RUN_ENDS)


odd_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(MARKDOWN_CHARS),
        st.sampled_from([*ODD_SPACE, "\n", "\r", "\x00"]),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=40,
)

blocks = st.one_of(
    headings(),
    headings(),
    line_text,
    timeline_entries(),
    lists(),
    tables(),
    code(),
    comments(),
    runs(),
    odd_text,
    st.sampled_from(
        [
            "---\ntitle: x\n---",
            "<<<<<<< HEAD\nold\n=======\nnew\n>>>>>>> branch",
            "<div>\n## Timeline\n</div>",
            "***",
            "",
            "\ufeff",
        ]
    ),
)
_BLOCKS = st.lists(blocks, max_size=24)
_STYLES = st.sampled_from(["\n", "\r\n", "\r", "mixed"])
_SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A postmortem-like document: blocks joined by one or mixed kinds of newline, maybe
    with a BOM and a final newline."""
    parts = draw(_BLOCKS)
    text = "\n\n".join(parts) if draw(st.booleans()) else "\n".join(parts)
    return _dress(draw, text)


def _dress(draw: st.DrawFn, text: str) -> str:
    style = draw(_STYLES)
    if style == "mixed":
        pick = random.Random(draw(_SEEDS)).choice
        text = "".join(piece + pick(NEWLINES) for piece in text.split("\n"))
    else:
        text = text.replace("\n", style)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.integers(0, 9)) == 0 else "") + text


# -- mutations of our fixtures ----------------------------------------------------------

_HASHES = re.compile(r"^\s*#*\s*")
_OPS = st.integers(0, 7)
_ROUNDS = st.integers(1, 8)
_HEAD_LEVELS = st.integers(0, 7)
_GAPS = st.sampled_from([" ", "", "\t"])
_LINES = st.sampled_from(["", "  ", "\t", "---", "***", "```", "<!--", "|---|", "    x"])


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> str:
    """One of our fixtures with lines deleted, duplicated, swapped or joined, random
    characters inserted, heading levels changed, generated blocks put in."""
    lines = draw(st.sampled_from(fixture_texts())).split("\n")
    for _ in range(draw(_ROUNDS)):
        if not lines:
            lines = [""]
        op = draw(_OPS)
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        if op == 0:
            del lines[at]
        elif op == 1:
            lines.insert(at, line)
        elif op == 2:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        elif op == 3:
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(odd_text) + line[column:]
        elif op == 4:
            rest = _HASHES.sub("", line, count=1)
            lines[at] = ("#" * draw(_HEAD_LEVELS) + draw(_GAPS) + rest).lstrip()
        elif op == 5 and at + 1 < len(lines):
            lines[at : at + 2] = [line + draw(_GAPS) + lines[at + 1]]
        elif op == 6:
            lines.insert(at, draw(blocks))
        else:
            lines[at] = draw(_LINES)
    return _dress(draw, "\n".join(lines))


# -- the properties -----------------------------------------------------------------------


def source_lines(text: str) -> list[str]:
    """The lines findings point into, as the engine reads them: BOM dropped, CRLF and CR
    read as LF; an empty text is one empty line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def check_positions(text: str, found: Sequence[Violation]) -> None:
    """Every finding's start and end lie inside the text: lines 1..N, columns 1..length+1,
    end not before start."""
    lines = source_lines(text)
    for v in found:
        where = f"{v.rule} {v.line}:{v.column}-{v.end_line}:{v.end_column} ({v.message!r})"
        if not 1 <= v.line <= len(lines) or not 1 <= v.end_line <= len(lines):
            raise PropertyFailed("positions", f"{where}: line outside 1..{len(lines)}")
        if not 1 <= v.column <= len(lines[v.line - 1]) + 1:
            raise PropertyFailed("positions", f"{where}: column outside line {v.line}")
        if not 1 <= v.end_column <= len(lines[v.end_line - 1]) + 1:
            raise PropertyFailed("positions", f"{where}: end column outside line {v.end_line}")
        if (v.end_line, v.end_column) < (v.line, v.column):
            raise PropertyFailed("positions", f"{where}: ends before it starts")


# An in-document link target: PM006 rewrites it to the heading's anchor (case, spaces,
# punctuation and %-escapes change; a title after it stays).
_LINK_TARGET = re.compile(r"\]\(\s*#([^)\n]*)\)")
_LINK_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*$""")
# The list marker PM002 drops when a list item naming a section becomes a heading.
_LIST_MARKER = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
DROPPABLE = frozenset("*_:#-")  # emphasis, bullet, label colon, hashes: a fix may drop them


def _anchor_letters(found: re.Match[str]) -> str:
    inside = found.group(1)
    title = _LINK_TITLE.search(inside)
    target = inside[: title.start()] if title else inside
    letters = "".join(ch for ch in unquote(target).lower() if ch.isalnum())
    return f"](#{letters}{title.group(0) if title else ''})"


def content(text: str) -> Counter[str]:
    """What a fix must keep: the multiset of letters and digits, and of every other
    visible character but ``*_:#-``. Compared per line after two normalisations, both
    what a fix means to change: a link target ``](#...)`` counts as its letters and
    digits in lower case (%-escapes decoded), and a line's leading list marker is
    dropped. Whitespace (spaces, tabs, newlines, the BOM) is not compared."""
    out: Counter[str] = Counter()
    for line in source_lines(text):
        line = _LIST_MARKER.sub("", _LINK_TARGET.sub(_anchor_letters, line), count=1)
        out.update(ch for ch in line if not ch.isspace() and ch not in DROPPABLE)
    out.pop("\ufeff", None)
    return out


def _diff(before: Counter[str], after: Counter[str]) -> str:
    lost, gained = before - after, after - before
    return f"lost {dict(lost)!r}, gained {dict(gained)!r}"


def check_fix(text: str, cfg: Config, before: Sequence[Violation]) -> None:
    """fix_text is idempotent, loses nothing and does not add findings of the fixed
    rules; a fixed text lints with its findings inside it. The total may grow, soundly:
    a pseudo-heading made a heading (PM002) is a section whose empty-section finding
    (PM004) had held back the content rules' findings on it (PM101, PM103, PM104)."""
    fixed = fix_text(text, cfg)
    if fixed.applied == 0:
        if fixed.text != text:
            raise PropertyFailed("fix", "no fix applied yet the text changed")
        return
    again = fix_text(fixed.text, cfg)
    if again.applied or again.text != fixed.text:
        raise PropertyFailed("idempotent", f"a second fix changed {fixed.text!r}")
    if content(text) != content(fixed.text):
        raise PropertyFailed("loss-free", _diff(content(text), content(fixed.text)))
    after = lint_text(fixed.text, config=cfg)
    check_positions(fixed.text, after)
    for rule in FIXED_RULES:
        was = sum(v.rule == rule for v in before)
        now = sum(v.rule == rule for v in after)
        if now > was:
            raise PropertyFailed("fewer-findings", f"{rule}: {was} findings before, {now} after")


def check_all(text: str, cfg: Config) -> None:
    """Every property on one text under one config."""
    found = lint_text(text, config=cfg)
    check_positions(text, found)
    check_fix(text, cfg, found)


Check = Callable[[str, Config], None]
