"""The values the grammar finds: zones, dates, times, moments, ranges, durations."""

from __future__ import annotations

import datetime
from typing import NamedTuple

MONTH_NAMES = (  # MONTH_NAMES[1] is January
    *("", "January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Zone(NamedTuple):
    """A timezone as written; ``offset_minutes`` is east of UTC, None when impossible.

    ``name`` is the canonical form: the abbreviation ("PST"), or "UTC+01:00" for offsets.
    """

    text: str
    offset_minutes: int | None
    ambiguous: bool
    kind: str
    pair: str | None
    start: int
    end: int
    name: str = ""


class DateValue(NamedTuple):
    """A calendar date; ``weekday`` (0=Monday) is the one written, if any."""

    year: int | None
    month: int
    day: int
    weekday: int | None
    weekday_text: str | None
    ambiguous: bool
    valid: bool
    reason: str | None
    start: int
    end: int

    def as_date(self, default_year: int | None = None) -> datetime.date | None:
        """The date, when it is valid and has a year (or *default_year* stands in)."""
        year = self.year if self.year is not None else default_year
        if year is None or not self.valid:
            return None
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:  # February 29 in a stand-in year that is not a leap year
            return None


class TimeValue(NamedTuple):
    """A time of day on the 24-hour clock.

    ``meridiem`` is "am" or "pm" when written (noon and midnight count as "pm" and "am").
    "24:00" is valid: the end of the day. An invalid value keeps its hour as written.
    """

    hour: int
    minute: int
    second: int
    valid: bool
    reason: str | None
    start: int
    end: int
    meridiem: str | None = None


class Moment(NamedTuple):
    """A date and/or time, with its zone if one was given."""

    date: DateValue | None
    time: TimeValue | None
    zone: Zone | None
    start: int
    end: int

    def on_clock(
        self,
        default_date: datetime.date | None = None,
        default_zone: Zone | None = None,
        *,
        default_year: int | None = None,
    ) -> datetime.datetime | None:
        """The moment on the UTC clock, as a naive datetime: the one way moments are put
        on a clock to compare them. With no zone known, the time is taken as written (so
        two moments with no zone compare as written). None without a valid time, without
        a date (or *default_date*), or past the calendar's ends."""
        time, zone = self.time, self.zone or default_zone
        if time is None or not time.valid:
            return None
        day = default_date if self.date is None else self.date.as_date(default_year)
        if day is None:
            return None
        offset = zone.offset_minutes if zone is not None and zone.offset_minutes else 0
        clock = datetime.timedelta(
            hours=time.hour, minutes=time.minute - offset, seconds=time.second
        )
        try:
            return datetime.datetime(day.year, day.month, day.day) + clock
        except OverflowError:
            return None

    def to_utc(
        self, default_date: datetime.date | None = None, default_zone: Zone | None = None
    ) -> datetime.datetime | None:
        """The aware UTC datetime, or None without a dated, valid time in a known zone."""
        zone = self.zone or default_zone
        if zone is None or zone.offset_minutes is None:
            return None
        moment = self.on_clock(default_date, zone)
        return moment.replace(tzinfo=datetime.UTC) if moment is not None else None


class Window(NamedTuple):
    """A start -> end range; ``start_pos``/``end_pos`` span the whole range text."""

    start: Moment
    end: Moment
    rolled_over: bool
    start_pos: int
    end_pos: int


class Duration(NamedTuple):
    """A length of time, in minutes."""

    minutes: float
    start: int
    end: int
    text: str
