"""The outage window and timeline entries, read once per document for the time rules."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from postmortem_lint import timegrammar as tg
from postmortem_lint._text import on_first_use
from postmortem_lint._zones import GENERIC
from postmortem_lint.checks.helpers import at_span, opening, prose_blocks
from postmortem_lint.document import (
    Block,
    BlockKind,
    Document,
    Section,
    count_words,
    mask_code_spans,
)
from postmortem_lint.sections import Role
from postmortem_lint.violation import Problem

_NEAR_START = 40  # an entry's time must start within this many characters
_ONE_DAY = datetime.timedelta(days=1)
_NIGHT = datetime.timedelta(hours=6)  # a step back this large, with no dated window, is a new day
_SOME_DAY = datetime.date(2000, 1, 1)
_ALL_TIMES = re.compile(r"\btimes?\b", re.I)  # a note on the zone of every time in the file
_GENERIC_IN_PARENS = re.compile(r"\((" + "|".join(GENERIC) + r")\)")
_END_WORDS = re.compile(
    r"\b(?:restor|resolv|fix|end|until|recover|back (?:up|online|to normal)|mitigat)", re.I
)  # stands in for an unknown date when comparing times


class WindowSource(StrEnum):
    """Where the outage window was stated, as a message names it."""

    SUMMARY = "the summary's window"
    FILE = "the window stated in the file"
    OPENING = "the window in the file's opening lines"
    MARKERS = "the window the timeline's start and end markers give"


class OutageWindow(NamedTuple):
    """The stated outage window: where it was found and its two ends; ``region`` is the
    summary's id when the window is in the summary."""

    block: Block
    start: tg.Moment
    end: tg.Moment
    span: tuple[int, int]
    region: str | None
    source: WindowSource = WindowSource.SUMMARY

    def utc(self) -> tuple[datetime.datetime, datetime.datetime] | None:
        """Start and end in UTC, when both have a date, a valid time and a known zone."""
        began, ended = self.start.to_utc(), self.end.to_utc()
        return (began, ended) if began is not None and ended is not None else None

    def zone(self) -> tg.Zone | None:
        return self.start.zone or self.end.zone


class Entry(NamedTuple):
    """A timeline entry: a list item or table row led by a time or date."""

    block: Block
    moment: tg.Moment
    day: tg.DateValue | None = None  # the date of a day heading above it ("### 2024-03-02")

    @property
    def written(self) -> str:
        """The entry's time as written."""
        return " ".join(self.block.text[self.moment.start : self.moment.end].split())

    def problem(self, doc: Document, message: str) -> Problem:
        """A finding on the entry's time (about the timeline)."""
        region = doc.region(Role.TIMELINE)
        return at_span(doc, self.block, self.moment.start, self.moment.end, message, region)


@lru_cache(maxsize=8)
def outage_window(doc: Document) -> OutageWindow | None:
    """The window in the Issue Summary (the whole file without one; the file's opening
    lines when the summary has none; else timeline entries marking the outage's start and
    end): a range, or else the first dated time and the next dated one ("Start:" and
    "End:" lines), or the next time in the same block that words such as "restored" or
    "ended" mark as the end.

    The summary's heading and its indented blocks (rendered as code, reported by PM007)
    are read too; a zone stated once elsewhere in the block applies when neither end has
    one.
    """
    summary = doc.section(Role.SUMMARY)
    if summary is None:
        return _window_in(doc, prose_blocks(doc, None), None, WindowSource.FILE) or _marked(doc)
    blocks = [summary.heading_block(), *prose_blocks(doc, summary)]
    return (
        _window_in(doc, blocks, summary.region, WindowSource.SUMMARY)
        or _window_in(doc, opening(doc), None, WindowSource.OPENING)  # a lead above it
        or _marked(doc)
    )


_OF_OUTAGE = (
    r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?outage\b"  # "END OF <what> OUTAGE", a few words
)
_OUTAGE_START = on_first_use(
    rf"\b(?:start|beginning){_OF_OUTAGE}|\boutage\s+(?:starts|started|begins|began)\b", re.I
)
_OUTAGE_END = on_first_use(rf"\bend{_OF_OUTAGE}|\boutage\s+(?:ends|ended|is\s+over)\b", re.I)


def _marked(doc: Document) -> OutageWindow | None:
    """The window that timeline entries marking the outage's start and end give
    ("14:20 - ... <START OF OUTAGE>", "12:55 - ... <END OF OUTAGE>")."""
    # both markers name the outage: a plain test spares the regexes most entries
    found = [e for e in entries(doc) if e.moment.time and "outage" in e.block.text.lower()]
    starts = [e for e in found if _OUTAGE_START().search(e.block.text)]
    ends = [e for e in found if _OUTAGE_END().search(e.block.text)]
    section = doc.section(Role.TIMELINE)
    if not starts or not ends or section is None:
        return None
    first, last, zone = starts[0], ends[-1], timeline_zone(doc, section)

    def placed_on(entry: Entry) -> tg.Moment:
        moment = entry.moment
        date = moment.date or entry.day
        return tg.Moment(date, moment.time, moment.zone or zone, moment.start, moment.end)

    span = (first.moment.start, first.moment.end)
    region = doc.region(Role.TIMELINE)
    return OutageWindow(
        first.block, placed_on(first), placed_on(last), span, region, WindowSource.MARKERS
    )


def _window_in(
    doc: Document, blocks: list[Block], region: str | None, source: WindowSource
) -> OutageWindow | None:
    dated: list[tuple[Block, tg.Moment]] = []  # the timed moments, for want of a range
    for block in blocks:
        window = tg.find_window(block.text, doc.date_order)
        if window is not None:
            start, end = _dated(blocks, *_zoned(block, window.start, window.end), doc.date_order)
            span = (window.start_pos, window.end_pos)
            return OutageWindow(block, start, end, span, region, source)
        found = tg.find_moments(block.text, doc.date_order)  # as find_window cached it
        dated += ((block, moment) for moment in found if moment.time is not None)
    for index, (block, first) in enumerate(dated):
        if first.date is None:
            continue
        for other, second in dated[index + 1 :]:
            if second.date is None and (other is not block or not _ends_near(block.text, second)):
                continue
            if second.date is None:
                second = tg.Moment(first.date, second.time, second.zone, second.start, second.end)
            start, end = _zoned(block, first, second)
            return OutageWindow(block, start, end, (first.start, first.end), region, source)
        break
    return None


def _ends_near(text: str, moment: tg.Moment) -> bool:
    """Whether words around *moment* say something ended or was fixed then."""
    return _END_WORDS.search(text[max(0, moment.start - 40) : moment.end + 40]) is not None


def _dated(
    blocks: list[Block], start: tg.Moment, end: tg.Moment, date_order: str
) -> tuple[tg.Moment, tg.Moment]:
    """A window with no date takes the summary's date when it gives exactly one ("On March
    15, 2024, ... From 10:00 to 14:00 UTC")."""
    if start.date is not None or end.date is not None:
        return start, end
    dates = {
        (m.date.year, m.date.month, m.date.day): m.date
        for block in blocks
        for m in tg.find_moments(block.text, date_order)
        if m.date is not None and m.date.valid
    }
    if len(dates) != 1:
        return start, end
    (date,) = dates.values()
    return (
        tg.Moment(date, start.time, start.zone, start.start, start.end),
        tg.Moment(date, end.time, end.zone, end.start, end.end),
    )


def _zoned(block: Block, start: tg.Moment, end: tg.Moment) -> tuple[tg.Moment, tg.Moment]:
    """Both ends with the zone one of them has, or else one stated elsewhere in *block*."""
    zone = start.zone or end.zone
    if zone is None:
        zone = next(iter(tg.find_zones(block.text)), None)
    if zone is None:
        return start, end
    return (
        start if start.zone else tg.Moment(start.date, start.time, zone, start.start, start.end),
        end if end.zone else tg.Moment(end.date, end.time, zone, end.start, end.end),
    )


def timed_moment(text: str, date_order: str) -> tg.Moment | None:
    """The time or date near the start of *text*, when a description comes with it."""
    moments = tg.find_moments(text, date_order)
    if not moments or moments[0].start > _NEAR_START:
        return None
    first = moments[0]
    if count_words(text[: first.start] + " " + text[first.end :]) < 2:
        return None
    return first


@lru_cache(maxsize=8)
def entries(doc: Document) -> tuple[Entry, ...]:
    """Timed list items and table body rows of the Timeline, its subheadings led by a time
    (``### 14:05``, with what happened in the text under it), and the rendered lines of
    its paragraphs that a time opens (a paragraph of its own, or a line after ``<br>``),
    in order."""
    section = doc.section(Role.TIMELINE)
    if section is None:
        return ()
    found = []
    day: tg.DateValue | None = None
    for part in section.walk():
        heading_day = tg.bare_date(part.title, doc.date_order) if part is not section else None
        day = heading_day or day
        heading = _heading_entry(part) if part is not section and not heading_day else None
        if heading is not None:
            moment = timed_moment(heading.text, doc.date_order)
            if moment is not None and moment.time is not None and moment.start < len(part.title):
                found.append(Entry(heading, moment, day))
        for block in part.blocks:
            if block.kind is BlockKind.ITEM or (block.kind is BlockKind.ROW and not block.header):
                moment = timed_moment(block.text, doc.date_order)
                if moment is not None:
                    found.append(Entry(block, moment, day))
            elif block.kind is BlockKind.PARAGRAPH:
                for line in block.rendered_lines():
                    moment = timed_moment(line.text, doc.date_order)
                    if moment is None or moment.time is None or not _leads(line.text, moment):
                        continue
                    if not any(_timed_line(text, doc.date_order) for _n, text in line.segments[1:]):
                        found.append(Entry(line, moment, day))  # not a run of entries on one line
    return tuple(found)


def _leads(text: str, moment: tg.Moment) -> bool:
    """Whether *moment* opens *text* (nothing but marks before it): an entry written as a
    line, not a time inside a sentence."""
    return not any(char.isalnum() for char in text[: moment.start])


def _timed_line(text: str, date_order: str) -> bool:
    moment = timed_moment(text, date_order)
    return moment is not None and moment.time is not None and _leads(text, moment)


def _heading_entry(part: Section) -> Block | None:
    """A subheading and the first text under it, as one block: a timeline entry when the
    heading starts with a time."""
    if not part.title[:1].isdigit():
        return None
    body = part.blocks[0] if part.blocks else None
    title = part.heading_block()
    if body is None or body.kind is not BlockKind.PARAGRAPH:  # an item below is its own entry
        return title
    return Block(
        BlockKind.HEADING,
        f"{part.title}\n{body.text}",
        part.line,
        body.end_line,
        (*title.segments, *body.segments),
    )


@lru_cache(maxsize=8)  # asked by the window's markers, by placed() and by PM203
def timeline_zone(doc: Document, section: Section) -> tg.Zone | None:
    """A zone stated once for the whole timeline: in its heading, in text before the
    first entry ("All times are UTC", even as an italic line), in a table's header row
    ("Time (CET)"), or in a note on times at the top of the file ("All times PDT."); a
    note may name a US zone loosely ("All times PT", "All times Pacific", "US/Pacific")."""
    for zone in tg.find_zones(section.title):
        return zone
    for found in _GENERIC_IN_PARENS.finditer(section.title):  # "Timeline (PT)"
        return _generic(found.group(1), found.start(1), found.end(1))
    notes = [*_before_entries(section), *(b for b in opening(doc) if _ALL_TIMES.search(b.text))]
    for block in notes:
        for zone in tg.find_zones(block.text):
            return zone
        loose = _LOOSE_ZONE().search(block.text)
        if loose is not None:
            word = loose.group(1)
            return _generic(_US_ZONES.get(word.lower(), word), loose.start(1), loose.end(1))
    return None


def _generic(abbr: str, start: int, end: int) -> tg.Zone:
    info = GENERIC[abbr]
    offset, kind, pair = info.offset_minutes, info.kind, info.pair
    return tg.Zone(info.abbr, offset, True, kind, pair, start, end, info.abbr)


_US_ZONES = {"pacific": "PT", "eastern": "ET", "central": "CT", "mountain": "MT"}
_LOOSE_ZONE = on_first_use(  # "All times PT", "times are in US/Pacific": right after "times"
    r"(?i:\btimes?\b[\s:(]+(?:(?:are|is|in|given|shown)\s+)*)(?:US/)?"
    r"(PT|ET|CT|MT|(?i:pacific|eastern|central|mountain))(?![\w/])"
)


def _before_entries(section: Section) -> Iterator[Block]:
    """The timeline's text before its first entry, italic notes included."""
    for part in section.walk():
        entry = part is not section and part.disguise is None and _heading_entry(part) is not None
        if entry and tg.bare_date(part.title) is None:
            return  # a "### 14:05" entry (a "### 2024-03-02" day heading is none)
        notes = [part.heading_block()] if part is not section and part.disguise else []
        for block in [*notes, *part.blocks]:
            if block.kind in (BlockKind.ITEM, BlockKind.ROW) and not block.header:
                return
            if block.kind is not BlockKind.CODE:
                yield block


def placed(doc: Document) -> list[tuple[Entry, datetime.datetime]]:
    """Entries with a time, placed on the clock in UTC where zones allow.

    An entry without a date takes the day heading's it is under, else the previous
    entry's (or the window's start date); a time earlier than the one before rolls over to
    the next day only while the window spans more days, or by six hours or more under a
    day heading or with no dated window. An entry without a zone takes the timeline's,
    then the window's; with none known, times are compared as written.
    """
    return list(_placed(doc))


@lru_cache(maxsize=8)  # asked by PM202 and PM205
def _placed(doc: Document) -> tuple[tuple[Entry, datetime.datetime], ...]:
    section = doc.section(Role.TIMELINE)
    if section is None:
        return ()
    window = outage_window(doc)
    default_zone = timeline_zone(doc, section) or (window.zone() if window else None)
    day = window.start.date.as_date() if window and window.start.date else None
    last_day = window.end.date.as_date() if window and window.end.date else None
    rollovers = (last_day - day).days if day and last_day and last_day > day else 0
    out: list[tuple[Entry, datetime.datetime]] = []
    heading: tuple[int | None, int, int] | None = None  # the day heading entries are under
    for entry in entries(doc):
        moment = entry.moment
        written = moment.date.as_date(_year(day)) if moment.date else None
        under = (entry.day.year, entry.day.month, entry.day.day) if entry.day else None
        if written is None and entry.day is not None and under != heading:
            written = entry.day.as_date(_year(day))  # the first entry of a new day
        heading = under or heading
        if written is not None:
            day = written
        if moment.time is None or not moment.time.valid:
            continue
        when = moment.on_clock(day or _SOME_DAY, default_zone)
        if when is None:
            continue
        back = out[-1][1] - when if out and written is None else datetime.timedelta()
        undated = (last_day is None or heading is not None) and back >= _NIGHT
        if back > datetime.timedelta() and (rollovers > 0 or undated):
            try:
                day, when = (day or _SOME_DAY) + _ONE_DAY, when + _ONE_DAY
            except OverflowError:  # the day after 9999-12-31: no place on the clock
                continue
            rollovers -= 1
        out.append((entry, when))
    return tuple(out)


def _year(day: datetime.date | None) -> int:
    """The year a date written without one is read in."""
    return day.year if day else _SOME_DAY.year


@lru_cache(maxsize=8)
def moments(doc: Document) -> tuple[tuple[Block, tg.Moment], ...]:
    """Every date/time mention in the document's prose and headings (``### 25:10`` entries
    too), with its block; not those inside inline code (`` `2024-02-30` `` is quoted, not
    stated)."""
    order = doc.date_order
    said = [  # only blocks holding a moment: most hold none
        (block, in_block)
        for block in doc.blocks
        if block.kind is not BlockKind.CODE and (in_block := tg.find_moments(block.text, order))
    ]
    said += [  # a heading's block made only when it holds a moment: there may be 10⁵ headings
        (section.heading_block(), in_title)
        for section in doc.sections
        if section.disguise is None and (in_title := tg.find_moments(section.title, order))
    ]
    found = []
    for block, in_block in sorted(said, key=lambda pair: pair[0].line):
        quoted = any("`" in doc.lines[line - 1] for line, _text in block.segments)
        for moment in in_block:
            if quoted and _in_code_span(doc, block, moment):
                continue
            found.append((block, moment))
    return tuple(found)


def _in_code_span(doc: Document, block: Block, moment: tg.Moment) -> bool:
    line, column, _end_line, _end = doc.locate(block, moment.start, moment.end)
    source = doc.lines[line - 1]
    return mask_code_spans(source)[column - 1 : column] != source[column - 1 : column]
