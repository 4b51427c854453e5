"""Tests for postmortem_lint.timegrammar, through its public API only."""

from __future__ import annotations

import datetime
import time

import pytest

from postmortem_lint import timegrammar as tg

UTC = datetime.UTC


def only(text: str, date_order: str = "mdy") -> tg.Moment:
    moments = tg.find_moments(text, date_order)
    assert len(moments) == 1, [text[m.start : m.end] for m in moments]
    return moments[0]


def spans(text: str) -> list[str]:
    return [text[m.start : m.end] for m in tg.find_moments(text)]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- dates -----------------------------------------------------------------------------------

DATES = [
    # text, expected span, (year, month, day)
    ("The pager went off on April 10, 2024 for web-03.", "April 10, 2024", (2024, 4, 10)),
    ("Seen on april 10th by the night shift.", "april 10th", (None, 4, 10)),
    ("Seen on the 10th of April by the night shift.", "10th of April", (None, 4, 10)),
    ("Logged 10 April 2024 in the tracker.", "10 April 2024", (2024, 4, 10)),
    ("Logged April 10 2024 in the tracker.", "April 10 2024", (2024, 4, 10)),
    ("Logged 3rd of May, 2022 in the tracker.", "3rd of May, 2022", (2022, 5, 3)),
    ("Backups failed on Sept 7, 2021 again.", "Sept 7, 2021", (2021, 9, 7)),
    ("Backups failed on Sept. 7, 2021 again.", "Sept. 7, 2021", (2021, 9, 7)),
    ("Backups failed on SEPTEMBER 7 again.", "SEPTEMBER 7", (None, 9, 7)),
    ("Backups failed on sep 7 again.", "sep 7", (None, 9, 7)),
    ("Filed on Jan 31, 2025.", "Jan 31, 2025", (2025, 1, 31)),
    ("Filed on 14-Feb-2023 by ops.", "14-Feb-2023", (2023, 2, 14)),
    ("Filed on Dec 1st,2020 by ops.", "Dec 1st,2020", (2020, 12, 1)),
    ("The disk filled up on 2024-04-10 overnight.", "2024-04-10", (2024, 4, 10)),
    ("The disk filled up on 2024/04/10 overnight.", "2024/04/10", (2024, 4, 10)),
    ("Cutover happened on 13/10/2023 without notice.", "13/10/2023", (2023, 10, 13)),
    ("Cutover happened on 10/13/23 without notice.", "10/13/23", (2023, 10, 13)),
    ("Cutover happened on 04-10-2024 without notice.", "04-10-2024", (2024, 4, 10)),
    ("Cutover happened on 06/Mar/2021 without notice.", "06/Mar/2021", (2021, 3, 6)),
    ("Cutover (Date:10/13/2023) without notice.", "10/13/2023", (2023, 10, 13)),
    ("Cutover on **Oct 2, 2023** without notice.", "Oct 2, 2023", (2023, 10, 2)),
    ("Noted in may 21st 2019 minutes.", "may 21st 2019", (2019, 5, 21)),
]


@pytest.mark.parametrize(("text", "span", "ymd"), DATES)
def test_dates(text: str, span: str, ymd: tuple[int | None, int, int]) -> None:
    moment = only(text)
    assert text[moment.start : moment.end] == span
    assert moment.date is not None and moment.time is None
    date = moment.date
    assert text[date.start : date.end] == span
    assert (date.year, date.month, date.day) == ymd
    assert date.valid and date.reason is None


WEEKDAYS = [
    ("Outage on Friday, November 12, 2023 at the edge.", "Friday, November 12, 2023", 4, "Friday"),
    ("Outage on Fri 12 Nov 2023 at the edge.", "Fri 12 Nov 2023", 4, "Fri"),
    ("Outage on tues., March 5th at the edge.", "tues., March 5th", 1, "tues."),
    ("Outage on Sunday the 4th of June at the edge.", "Sunday the 4th of June", 6, "Sunday"),
]


@pytest.mark.parametrize(("text", "span", "weekday", "weekday_text"), WEEKDAYS)
def test_weekday_as_written(text: str, span: str, weekday: int, weekday_text: str) -> None:
    date = only(text).date
    assert date is not None
    assert text[date.start : date.end] == span
    assert (date.weekday, date.weekday_text) == (weekday, weekday_text)


def test_weekday_is_kept_even_when_it_disagrees_with_the_date() -> None:
    date = only("Wednesday, January 1, 2025").date  # that day was a Wednesday
    assert date is not None and date.weekday == 2
    assert date.as_date() == datetime.date(2025, 1, 1)
    other = only("Monday, January 1, 2025").date
    assert other is not None and other.weekday == 0 and other.valid
    assert other.as_date() is not None and other.as_date().weekday() == 2  # type: ignore[union-attr]


NUMERIC = [
    # text, date_order, (month, day), ambiguous
    ("04/10/2024", "mdy", (4, 10), True),
    ("04/10/2024", "dmy", (10, 4), True),
    ("10.04.2024", "dmy", (4, 10), True),
    ("13/10/2023", "mdy", (10, 13), False),
    ("10/13/2023", "dmy", (10, 13), False),
    ("05/05/2024", "mdy", (5, 5), False),
    ("12/31/2024", "mdy", (12, 31), False),
]


@pytest.mark.parametrize(("text", "order", "month_day", "ambiguous"), NUMERIC)
def test_numeric_date_order(
    text: str, order: str, month_day: tuple[int, int], ambiguous: bool
) -> None:
    date = only(text, order).date
    assert date is not None and date.valid
    assert (date.month, date.day) == month_day
    assert date.ambiguous is ambiguous


def test_bad_date_order_is_rejected() -> None:
    with pytest.raises(ValueError, match="date_order"):
        tg.find_moments("04/10/2024", "ymd")


INVALID_DATES = [
    ("It broke on February 30, 2024.", "February 30, 2024", "February 2024 has 29 days"),
    ("It broke on February 29, 2023.", "February 29, 2023", "February 2023 has 28 days"),
    ("It broke on April 31st.", "April 31st", "April has 30 days"),
    ("It broke on 2024-13-02.", "2024-13-02", "there is no month 13"),
    ("It broke on 31/31/2024.", "31/31/2024", "there is no month 31"),
]


@pytest.mark.parametrize(("text", "span", "reason"), INVALID_DATES)
def test_impossible_dates_are_kept_and_flagged(text: str, span: str, reason: str) -> None:
    date = only(text).date
    assert date is not None
    assert text[date.start : date.end] == span
    assert not date.valid
    assert date.reason == reason
    assert date.as_date() is None


def test_leap_day_without_year_is_valid() -> None:
    date = only("Every February 29th we rotate keys.").date
    assert date is not None and date.valid and date.year is None


# --- times -----------------------------------------------------------------------------------

TIMES = [
    # text, expected span of the time, (hour, minute, second)
    ("Paged at 10:00 AM by the monitor.", "10:00 AM", (10, 0, 0)),
    ("Paged at 10am by the monitor.", "10am", (10, 0, 0)),
    ("Paged at 10:00 a.m. by the monitor.", "10:00 a.m.", (10, 0, 0)),
    ("Paged at 10 PM by the monitor.", "10 PM", (22, 0, 0)),
    ("Paged at 12 AM by the monitor.", "12 AM", (0, 0, 0)),
    ("Paged at 12:30 pm by the monitor.", "12:30 pm", (12, 30, 0)),
    ("Paged at 9.45pm by the monitor.", "9.45pm", (21, 45, 0)),
    ("Paged at noon by the monitor.", "noon", (12, 0, 0)),
    ("Paged at Midnight by the monitor.", "Midnight", (0, 0, 0)),
    ("Paged at 12 noon by the monitor.", "12 noon", (12, 0, 0)),
    ("Paged at 12:00 midnight by the monitor.", "12:00 midnight", (0, 0, 0)),
    ("Paged at 14:05 by the monitor.", "14:05", (14, 5, 0)),
    ("Paged at 14:05:30 by the monitor.", "14:05:30", (14, 5, 30)),
    ("Paged at 1405 hrs by the monitor.", "1405 hrs", (14, 5, 0)),
    ("Paged at 1405H by the monitor.", "1405H", (14, 5, 0)),
    ("Paged at 0730hrs by the monitor.", "0730hrs", (7, 30, 0)),
    ("Paged at 24:00 by the monitor.", "24:00", (24, 0, 0)),
    ("Paged at Duration:10:30 by the monitor.", "10:30", (10, 30, 0)),
    ("Paged at [ 7: 41 pm ] by the monitor.", "7: 41 pm", (19, 41, 0)),
]


@pytest.mark.parametrize(("text", "span", "hms"), TIMES)
def test_times(text: str, span: str, hms: tuple[int, int, int]) -> None:
    moment = only(text)
    assert moment.time is not None and moment.date is None
    clock = moment.time
    assert text[clock.start : clock.end] == span
    assert text[moment.start : moment.end] == span
    assert (clock.hour, clock.minute, clock.second) == hms
    assert clock.valid


INVALID_TIMES = [
    ("The job ran at 13 PM.", "13 PM", 13, "12-hour"),
    ("The job ran at 0:30 am.", "0:30 am", 0, "12-hour"),
    ("The job ran at 25:00.", "25:00", 25, "hour 25"),
    ("The job ran at 10:75.", "10:75", 10, "minute 75"),
    ("The job ran at 23:59:60.", "23:59:60", 23, "second 60"),
    ("The job ran at 2500hrs.", "2500hrs", 25, "hour 25"),
]


@pytest.mark.parametrize(("text", "span", "hour", "reason"), INVALID_TIMES)
def test_impossible_times_are_kept_and_flagged(
    text: str, span: str, hour: int, reason: str
) -> None:
    clock = only(text).time
    assert clock is not None
    assert text[clock.start : clock.end] == span
    assert clock.hour == hour
    assert not clock.valid
    assert clock.reason is not None and reason in clock.reason


NOT_MOMENTS = [
    "About 80% of requests failed.",
    "We run 2 servers behind one balancer.",
    "Upgrade to version 2.1 fixed it.",
    "Upgrade to version 1.10.2 fixed it.",
    "Upgrade to v10.04.2024 fixed it.",
    "Upgrade to 1.2.24 fixed it.",
    "The service is meant to be up 24/7.",
    "Latency rose 3.5 times over baseline.",
    "Ticket 4521 tracks the follow-up.",
    "Step 10 of the runbook was skipped.",
    "The ratio went from 1:2 to 1:3.",
    "Listening on 127.0.0.1:8080 only.",
    "She may 2 times retry before paging.",
    "Nobody noticed in the afternoon.",
    "The team is in the EST building, 3 floors up.",
    "We lost 1000 hours of logs.",
    "Step 1: 10 servers were drained.",
    "Ports 80 to 443 pm-2 host.",
    "",
]


@pytest.mark.parametrize("text", NOT_MOMENTS)
def test_not_dates_or_times(text: str) -> None:
    assert tg.find_moments(text) == []


# --- zones -----------------------------------------------------------------------------------

ZONED = [
    # text, zone text, offset minutes
    ("Alert at 10:15 UTC today.", "UTC", 0),
    ("Alert at 10:15 GMT today.", "GMT", 0),
    ("Alert at 10:15 utc today.", "utc", 0),
    ("Alert at 10:15 UTC+1 today.", "UTC+1", 60),
    ("Alert at 10:15 GMT+1 today.", "GMT+1", 60),
    ("Alert at 10:15 UTC+01:00 today.", "UTC+01:00", 60),
    ("Alert at 10:15 GMT+01:00 today.", "GMT+01:00", 60),
    ("Alert at 10:15 GMT-5 today.", "GMT-5", -300),
    ("Alert at 10:15 UTC -5 today.", "UTC -5", -300),
    ("Alert at 10:15 UTC +1 today.", "UTC +1", 60),
    ("Alert at 10:15 UTC+5:30 today.", "UTC+5:30", 330),
    ("Alert at 10:15 UTC+0545 today.", "UTC+0545", 345),
    ("Alert at 10:15 +0100 today.", "+0100", 60),
    ("Alert at 10:15 -0500 today.", "-0500", -300),
    ("Alert at 10:15 PST today.", "PST", -480),
    ("Alert at 10:15 (PDT) today.", "PDT", -420),
    ("Alert at 10:15 AM EAT today.", "EAT", 180),
    ("Alert at 9pm WAT today.", "WAT", 60),
    ("Alert at 9pm AEDT today.", "AEDT", 660),
    ("Alert at 9pm NZST today.", "NZST", 720),
    ("Alert at 9pm Pacific Standard Time today.", "Pacific Standard Time", -480),
    ("Alert at 9pm West Africa Time today.", "West Africa Time", 60),
    ("Alert at 9pm east african time today.", "east african time", 180),
    ("Alert at 9pm Central Africa Time today.", "Central Africa Time", 120),
    # forms found in real postmortems
    ("Alert at 9:21 PM PT today.", "PT", -480),
    ("Alert at 6 PM ET today.", "ET", -300),
    ("Alert at 16:20 hours (East Africa Time) today.", "East Africa Time", 180),
    ("Alert at 16:20 hrs UTC today.", "UTC", 0),
    ("Alert at 9pm CENTRAL AFRICA TIME today.", "CENTRAL AFRICA TIME", 120),
    ("Alert at 16.40 SAST today.", "SAST", 120),
]


@pytest.mark.parametrize(("text", "zone_text", "offset"), ZONED)
def test_zone_after_time(text: str, zone_text: str, offset: int) -> None:
    moment = only(text)
    assert moment.zone is not None
    assert moment.zone.text == zone_text
    assert text[moment.zone.start : moment.zone.end] == zone_text
    assert moment.zone.offset_minutes == offset


@pytest.mark.parametrize(
    ("zone_text", "offset"),
    [("UTC+1", 60), ("GMT+1", 60), ("UTC-1", -60), ("GMT-1", -60), ("UTC+10", 600)],
)
def test_sign_trap_plus_is_ahead_of_utc(zone_text: str, offset: int) -> None:
    moment = only(f"Restored at 2024-05-01 12:00 {zone_text}.")
    assert moment.zone is not None and moment.zone.offset_minutes == offset
    assert moment.to_utc() == utc(2024, 5, 1, 12) - datetime.timedelta(minutes=offset)


def test_gmt_plus_one_noon_is_eleven_utc() -> None:
    assert only("June 3, 2024 at 12:00 GMT+1").to_utc() == utc(2024, 6, 3, 11)


@pytest.mark.parametrize(
    ("abbr", "offset", "kind", "pair", "ambiguous"),
    [
        ("PST", -480, "standard", "PDT", False),
        ("PDT", -420, "daylight", "PST", False),
        ("EST", -300, "standard", "EDT", False),
        ("CEST", 120, "daylight", "CET", False),
        ("GMT", 0, "standard", "BST", False),
        ("BST", 60, "daylight", "GMT", True),
        ("IST", 330, "fixed", None, True),
        ("CST", -360, "standard", "CDT", True),
        ("AST", -240, "standard", "ADT", True),
        ("GST", 240, "fixed", None, True),
        ("WAT", 60, "fixed", None, False),
        ("AKDT", -480, "daylight", "AKST", False),
        ("NZDT", 780, "daylight", "NZST", False),
    ],
)
def test_zone_table(abbr: str, offset: int, kind: str, pair: str | None, ambiguous: bool) -> None:
    info = tg.ZONES[abbr]
    assert (info.offset_minutes, info.kind, info.pair, info.ambiguous) == (
        offset,
        kind,
        pair,
        ambiguous,
    )
    zone = only(f"Rebooted at 07:40 {abbr}.").zone
    assert zone is not None
    assert (zone.offset_minutes, zone.kind, zone.pair, zone.ambiguous) == (
        offset,
        kind,
        pair,
        ambiguous,
    )


def test_zone_table_pairs_point_both_ways() -> None:
    for abbr, info in tg.ZONES.items():
        if info.pair is not None and info.pair in tg.ZONES:
            assert tg.ZONES[info.pair].pair == abbr
        assert info.kind in ("standard", "daylight", "fixed")


def test_required_abbreviations_are_in_the_table() -> None:
    wanted = (
        "UTC GMT Z EST EDT CST CDT MST MDT PST PDT AKST AKDT HST CET CEST WET WEST EET EEST "
        "BST IST WAT CAT EAT SAST MSK JST KST AEST AEDT ACST AWST NZST NZDT PKT SGT HKT ICT "
        "WIB GST AST ART BRT"
    )
    assert set(wanted.split()) <= set(tg.ZONES)


def test_generic_long_names_leave_the_season_open() -> None:
    zone = only("Rebooted at 07:40 Eastern Time.").zone
    assert zone is not None
    assert (zone.kind, zone.ambiguous, zone.offset_minutes, zone.pair) == (
        "generic",
        True,
        -300,
        "EDT",
    )


def test_lower_case_abbreviations_are_words() -> None:
    assert only("Rebooted at 07:40 pst, oddly.").zone is None


def test_long_name_then_abbreviation_is_one_zone() -> None:
    text = "Shortly after 07:20 Central African Time (CAT) the disk filled."
    moment = only(text)
    assert text[moment.start : moment.end] == "07:20 Central African Time (CAT)"
    assert moment.zone is not None and moment.zone.offset_minutes == 120


def test_ambiguous_abbreviation_gives_way_to_an_offset() -> None:
    moment = only("Deploy at 09:00 IST (UTC+5:30) went badly.")
    assert moment.zone is not None
    assert (moment.zone.text, moment.zone.ambiguous, moment.zone.offset_minutes) == (
        "UTC+5:30",
        False,
        330,
    )


# forms found in real postmortems: range text, start (month, day, hour, minute) or None for
# the date, end hour and minute, zone offset or None
CORPUS_WINDOWS = [
    # the date opens the sentence, the range closes it
    (
        "On 03-09-2023, the API stayed unreachable for well over an hour, from 6:10 pm to "
        "7:25 pm (UTC-05:00). Nothing else broke.",
        "from 6:10 pm to 7:25 pm (UTC-05:00)",
        (3, 9, 18, 10),
        (19, 25),
        -300,
    ),
    (
        "On June 2, 2023, our queue workers stalled for about ninety minutes, from "
        "1:00 PM to 2:30 PM (CAT).",
        "from 1:00 PM to 2:30 PM (CAT)",
        (6, 2, 13, 0),
        (14, 30),
        120,
    ),
    # a slip of "at" for "to" after "from"
    (
        "From 6:15 a.m. at 7:05 a.m. WAT, logins failed.",
        "From 6:15 a.m. at 7:05 a.m. WAT",
        (None, None, 6, 15),
        (7, 5),
        60,
    ),
    # "between the hours of", with seconds and no zone
    (
        "Between the hours of 08:10:00 and 09:45:30 the cache was cold.",
        "Between the hours of 08:10:00 and 09:45:30",
        (None, None, 8, 10),
        (9, 45),
        None,
    ),
    # a seasonless US zone after the end
    (
        "Uploads failed from 4:05 PM to 5:50 PM PT, then recovered.",
        "from 4:05 PM to 5:50 PM PT",
        (None, None, 16, 5),
        (17, 50),
        -480,
    ),
]


@pytest.mark.parametrize(("text", "span", "start", "end", "offset"), CORPUS_WINDOWS)
def test_windows_from_real_writing(
    text: str,
    span: str,
    start: tuple[int | None, int | None, int, int],
    end: tuple[int, int],
    offset: int | None,
) -> None:
    window = tg.find_window(text)
    assert window is not None
    assert text[window.start_pos : window.end_pos] == span
    first, last = window.start, window.end
    month_day = (first.date.month, first.date.day) if first.date else (None, None)
    assert first.time is not None and last.time is not None
    assert (*month_day, first.time.hour, first.time.minute) == start
    assert (last.time.hour, last.time.minute) == end
    if first.date is not None:
        assert last.date is not None and last.date.as_date() == first.date.as_date()
    for moment in (first, last):
        assert (moment.zone.offset_minutes if moment.zone else None) == offset


def test_a_date_in_an_earlier_sentence_is_not_borrowed() -> None:
    window = tg.find_window("Shipped on May 3, 2024. From 10:00 to 11:00 UTC it broke.")
    assert window is not None
    assert window.start.date is None and window.end.date is None


def test_seasonless_abbreviations_only_after_a_time() -> None:
    assert tg.find_zones("PT and ET are teams here; CT scans, MT lines.") == []
    assert [z.name for z in tg.find_zones("Back at 5 pm ET.")] == ["ET"]


def test_words_shaped_like_zones_are_not_zones() -> None:
    assert tg.find_zones("The ABC and NASA teams met at 10:00 local time.") == []
    assert tg.find_moments("Version 16.40 ABC shipped.") == []


def test_find_zones() -> None:
    text = "Times are in UTC; the vendor used PDT, we used GMT+2 and 2024-01-01T00:00Z."
    zones = tg.find_zones(text)
    assert [z.text for z in zones] == ["UTC", "PDT", "GMT+2", "Z"]
    assert [z.offset_minutes for z in zones] == [0, -420, 120, 0]
    assert all(text[z.start : z.end] == z.text for z in zones)


def test_find_zones_long_names_in_any_case_and_spans_survive_unicode() -> None:
    text = "İİ all in utc; later pacific time, then Pacific Standard Time (PST); overtime"
    zones = tg.find_zones(text)
    assert [z.text for z in zones] == [
        "utc",
        "pacific time",
        "Pacific Standard Time",
        "PST",
    ]
    assert all(text[z.start : z.end] == z.text for z in zones)
    assert [z.name for z in zones] == ["UTC", "PT", "PST", "PST"]


def test_z_only_glued_to_an_iso_time() -> None:
    assert tg.find_zones("Plan Z was to restart at 10:00 Z.") == []


# --- ISO ------------------------------------------------------------------------------------

ISO = [
    ("2024-04-10T14:05Z", (2024, 4, 10, 14, 5), "Z", utc(2024, 4, 10, 14, 5)),
    ("2024-04-10T14:05:00+01:00", (2024, 4, 10, 14, 5), "+01:00", utc(2024, 4, 10, 13, 5)),
    ("2024-04-10T14:05:00.250-0500", (2024, 4, 10, 14, 5), "-0500", utc(2024, 4, 10, 19, 5)),
    ("2024-04-10T14:05", (2024, 4, 10, 14, 5), None, None),
]


@pytest.mark.parametrize(("stamp", "values", "zone_text", "expected"), ISO)
def test_iso_datetimes(
    stamp: str,
    values: tuple[int, int, int, int, int],
    zone_text: str | None,
    expected: datetime.datetime | None,
) -> None:
    text = f"Last good write: {stamp}, then silence."
    moment = only(text)
    assert text[moment.start : moment.end] == stamp
    assert moment.date is not None and moment.time is not None
    date, clock = moment.date, moment.time
    assert (date.year, date.month, date.day, clock.hour, clock.minute) == values
    assert (moment.zone.text if moment.zone else None) == zone_text
    assert moment.to_utc() == expected


# --- moments: date, time and zone merged --------------------------------------------------

MOMENTS = [
    # text, span, utc
    (
        "It began July 21, 2022, 8:05 AM UTC sharp.",
        "July 21, 2022, 8:05 AM UTC",
        utc(2022, 7, 21, 8, 5),
    ),
    (
        "It began at 8:05 AM on July 21, 2022 UTC.",
        "8:05 AM on July 21, 2022 UTC",
        utc(2022, 7, 21, 8, 5),
    ),
    (
        "It began 8:05 AM UTC, July 21st, 2022.",
        "8:05 AM UTC, July 21st, 2022",
        utc(2022, 7, 21, 8, 5),
    ),
    (
        "It began 10:45 AM (UTC) on March 3, 2022.",
        "10:45 AM (UTC) on March 3, 2022",
        utc(2022, 3, 3, 10, 45),
    ),
    (
        "It began March 3, 2022 (10:45 AM UTC).",
        "March 3, 2022 (10:45 AM UTC)",
        utc(2022, 3, 3, 10, 45),
    ),
    ("It began March 3, 2022 at 10:45 UTC.", "March 3, 2022 at 10:45 UTC", utc(2022, 3, 3, 10, 45)),
    ("It began 2022-03-03 10:45 UTC.", "2022-03-03 10:45 UTC", utc(2022, 3, 3, 10, 45)),
    ("It began 17:40 PDT 3 june 2021.", "17:40 PDT 3 june 2021", utc(2021, 6, 4, 0, 40)),
    ("It began 16.40 CET 3 june 2021.", "16.40 CET 3 june 2021", utc(2021, 6, 3, 15, 40)),
    (
        "Since 25/11/2021 at 1930hrs CAT it began.",
        "25/11/2021 at 1930hrs CAT",
        utc(2021, 11, 25, 17, 30),
    ),
    (
        "Mon, 6 May 2024, around 3pm EAT, it began.",
        "Mon, 6 May 2024, around 3pm EAT",
        utc(2024, 5, 6, 12),
    ),
    (
        "May 6th 2024, long after lunch (3pm EAT), it began.",
        "May 6th 2024, long after lunch (3pm EAT)",
        utc(2024, 5, 6, 12),
    ),
]


@pytest.mark.parametrize(("text", "span", "expected"), MOMENTS)
def test_merged_moments(text: str, span: str, expected: datetime.datetime) -> None:
    moment = only(text)
    assert text[moment.start : moment.end] == span
    assert moment.to_utc() == expected


def test_moments_in_order_and_apart() -> None:
    text = "We saw it at 09:10, fixed it at 09:40 and wrote this on May 2, 2024."
    assert spans(text) == ["09:10", "09:40", "May 2, 2024"]


def test_to_utc_defaults() -> None:
    moment = only("Recovered at 16:20.")
    assert moment.to_utc() is None
    zone = only("all at 00:00 UTC").zone
    assert moment.to_utc(datetime.date(2024, 2, 1), zone) == utc(2024, 2, 1, 16, 20)
    assert only("Recovered at 16:20 UTC.").to_utc(datetime.date(2024, 2, 1)) == utc(
        2024, 2, 1, 16, 20
    )
    assert only("Recovered on April 2 at 16:20 UTC.").to_utc() is None  # no year
    assert only("Recovered on April 2, 2024 at 25:20 UTC.").to_utc() is None  # invalid
    assert only("Recovered on April 2, 2024 at 24:00 UTC.").to_utc() == utc(2024, 4, 3)


def test_moment_positional_construction() -> None:
    first = only("Recovered at 16:20 on 2024-02-01.")
    copy = tg.Moment(first.date, first.time, None, first.start, first.end)
    assert copy.to_utc() is None
    assert copy.to_utc(default_zone=only("at 1:00 PST").zone) == utc(2024, 2, 2, 0, 20)


# --- leading moments -----------------------------------------------------------------------

LEADING = [
    ("11:52 AM UTC: on-call engineer woken up", "11:52 AM UTC"),
    ("**11:52** - rollback started", "11:52"),
    ("- 10:15 - paged", "10:15"),
    ("* **10:15 AM PST:** paged", "10:15 AM PST"),
    ("| 10:15 | paged |", "10:15"),
    ("[10:15] paged", "10:15"),
    ("3. 10:15 paged", "10:15"),
    ("March 3, 2022, 10:15: paged", "March 3, 2022, 10:15"),
    ("The on-call engineer was woken up at 11:52", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "span"), LEADING)
def test_leading_moment(text: str, span: str | None) -> None:
    moment = tg.leading_moment(text)
    assert (text[moment.start : moment.end] if moment else None) == span


# --- windows ---------------------------------------------------------------------------------

WINDOWS = [
    # text, range span, start utc, end utc, rolled over
    (
        "Users saw errors on August 3, 2023, 10:00 AM to August 3, 2023, 2:00 PM (PDT).",
        "August 3, 2023, 10:00 AM to August 3, 2023, 2:00 PM (PDT)",
        utc(2023, 8, 3, 17),
        utc(2023, 8, 3, 21),
        False,
    ),
    (
        "The queue stalled from Jan 4, 2024, 11:00 PM to Jan 5, 2024, 3:00 AM (PST).",
        "from Jan 4, 2024, 11:00 PM to Jan 5, 2024, 3:00 AM (PST)",
        utc(2024, 1, 5, 7),
        utc(2024, 1, 5, 11),
        False,
    ),
    (
        "Down from 14:05 to 16:30 UTC on 2024-03-02, per the graphs.",
        "from 14:05 to 16:30 UTC on 2024-03-02",
        utc(2024, 3, 2, 14, 5),
        utc(2024, 3, 2, 16, 30),
        False,
    ),
    (
        "Down March 2, 2024, 14:05 to 16:30 UTC, per the graphs.",
        "March 2, 2024, 14:05 to 16:30 UTC",
        utc(2024, 3, 2, 14, 5),
        utc(2024, 3, 2, 16, 30),
        False,
    ),
    (
        "Down on 2024-03-02 between 10:00 and 11:15 GMT+1.",
        "2024-03-02 between 10:00 and 11:15 GMT+1",
        utc(2024, 3, 2, 9),
        utc(2024, 3, 2, 10, 15),
        False,
    ),
    (
        "Down on 2024-03-02 from 22:30 until 01:10 UTC.",
        "2024-03-02 from 22:30 until 01:10 UTC",
        utc(2024, 3, 2, 22, 30),
        utc(2024, 3, 3, 1, 10),
        True,
    ),
    (
        "Down on 2024-03-02, 9 PM \u2013 1 AM EST.",
        "2024-03-02, 9 PM \u2013 1 AM EST",
        utc(2024, 3, 3, 2),
        utc(2024, 3, 3, 6),
        True,
    ),
    (
        "Down on 2024-03-02 10:00—12:00 (UTC).",
        "2024-03-02 10:00—12:00 (UTC)",
        utc(2024, 3, 2, 10),
        utc(2024, 3, 2, 12),
        False,
    ),
    (
        "Down May 1, 2024 10:00 UTC through May 3, 2024 08:00 UTC.",
        "May 1, 2024 10:00 UTC through May 3, 2024 08:00 UTC",
        utc(2024, 5, 1, 10),
        utc(2024, 5, 3, 8),
        False,
    ),
    (
        "Errors began at 07:10 AM and ended at 09:55 AM UTC on October 8, 2022, per the logs.",
        "07:10 AM and ended at 09:55 AM UTC on October 8, 2022",
        utc(2022, 10, 8, 7, 10),
        utc(2022, 10, 8, 9, 55),
        False,
    ),
    (
        "On March 2nd, 2021 from 4:20 PM to 4:50 PM CAT the shop was closed.",
        "March 2nd, 2021 from 4:20 PM to 4:50 PM CAT",
        utc(2021, 3, 2, 14, 20),
        utc(2021, 3, 2, 14, 50),
        False,
    ),
    (
        "Window: Saturday, Oct 1, 2022, 21:15 EDT - Sunday, Oct 2, 2022, 02:45 EDT (long night)",
        "Saturday, Oct 1, 2022, 21:15 EDT - Sunday, Oct 2, 2022, 02:45 EDT",
        utc(2022, 10, 2, 1, 15),
        utc(2022, 10, 2, 6, 45),
        False,
    ),
    (
        "The backlog grew from 3pm to 5 GMT on 2023-11-20.",
        "from 3pm to 5 GMT on 2023-11-20",
        utc(2023, 11, 20, 15),
        utc(2023, 11, 20, 17),
        False,
    ),
    (
        "Maintenance ran 2023-11-20 from 9 to 11:30 PM UTC.",
        "2023-11-20 from 9 to 11:30 PM UTC",
        utc(2023, 11, 20, 21),
        utc(2023, 11, 20, 23, 30),
        False,
    ),
    (
        "Maintenance ran 2023-11-20 from 11 to 1 pm UTC.",
        "2023-11-20 from 11 to 1 pm UTC",
        utc(2023, 11, 20, 11),
        utc(2023, 11, 20, 13),
        False,
    ),
    (
        "Batch window 2023-11-20 from 11pm to 1 UTC.",
        "2023-11-20 from 11pm to 1 UTC",
        utc(2023, 11, 20, 23),
        utc(2023, 11, 21, 1),
        True,
    ),
    (
        "Batch window 2023-11-20 from noon to 2 UTC.",
        "2023-11-20 from noon to 2 UTC",
        utc(2023, 11, 20, 12),
        utc(2023, 11, 20, 14),
        False,
    ),
    (
        "Window: **2023-11-20 06:00 AM** to **2023-11-20 09:00 AM (UTC-4)**",
        "2023-11-20 06:00 AM** to **2023-11-20 09:00 AM (UTC-4)",
        utc(2023, 11, 20, 10),
        utc(2023, 11, 20, 13),
        False,
    ),
    (
        "From 1130hrs (EAT) to 1245hrs (EAT) on 1 March 2024 the API failed.",
        "From 1130hrs (EAT) to 1245hrs (EAT) on 1 March 2024",
        utc(2024, 3, 1, 8, 30),
        utc(2024, 3, 1, 9, 45),
        False,
    ),
    (
        "Dec 31st 11:50 PM UTC to Jan 1st, 2025 12:20 AM UTC",
        "Dec 31st 11:50 PM UTC to Jan 1st, 2025 12:20 AM UTC",
        utc(2024, 12, 31, 23, 50),
        utc(2025, 1, 1, 0, 20),
        False,
    ),
]


@pytest.mark.parametrize(("text", "span", "began", "ended", "rolled"), WINDOWS)
def test_windows(
    text: str, span: str, began: datetime.datetime, ended: datetime.datetime, rolled: bool
) -> None:
    window = tg.find_window(text)
    assert window is not None
    assert text[window.start_pos : window.end_pos] == span
    assert window.start.to_utc() == began
    assert window.end.to_utc() == ended
    assert window.rolled_over is rolled


def test_window_with_filler_words_and_parenthesised_times() -> None:
    text = (
        "Trouble ran from March 14th, 2024, just before the standup (09:30 AM UTC) to the "
        "quiet end of March 15th, 2024, (1:00 AM UTC), when the queue drained."
    )
    window = tg.find_window(text)
    assert window is not None
    assert text[window.start.start : window.start.end] == (
        "March 14th, 2024, just before the standup (09:30 AM UTC)"
    )
    assert text[window.end.start : window.end.end] == "March 15th, 2024, (1:00 AM UTC)"
    assert window.start.to_utc() == utc(2024, 3, 14, 9, 30)
    assert window.end.to_utc() == utc(2024, 3, 15, 1)
    assert not window.rolled_over


def test_window_zone_given_once_applies_to_both_ends() -> None:
    text = "Outage: October 2, 2023, 9:00 AM to October 3, 2023, 1:30 PM (PST)."
    window = tg.find_window(text)
    assert window is not None
    for end in (window.start, window.end):
        assert end.zone is not None and end.zone.text == "PST"
        assert end.zone.offset_minutes == -480
    assert window.start.to_utc() == utc(2023, 10, 2, 17)
    assert window.end.to_utc() == utc(2023, 10, 3, 21, 30)
    assert text[window.start.start : window.start.end] == "October 2, 2023, 9:00 AM"


def test_window_end_inherits_date_and_rolls_over() -> None:
    text = "On Sunday, 5 May 2024, from 11:40 PM to 12:25 AM (UTC) the cache was cold."
    window = tg.find_window(text)
    assert window is not None
    assert window.rolled_over
    assert window.end.date is not None
    assert (window.end.date.month, window.end.date.day) == (5, 6)
    assert window.end.date.weekday is None  # the written weekday belongs to the start
    assert window.start.date is not None and window.start.date.weekday == 6
    assert window.end.to_utc() == utc(2024, 5, 6, 0, 25)


def test_window_year_is_shared() -> None:
    window = tg.find_window("Frozen Dec 30 to Jan 2, 2024.")
    assert window is not None and window.start.date is not None
    assert window.start.date.year == 2023
    assert window.end.date is not None and window.end.date.year == 2024


def test_window_without_dates_has_no_utc() -> None:
    text = "Checkout kept failing from 9:30 AM to 1:45 PM (PST)."
    window = tg.find_window(text)
    assert window is not None
    assert text[window.start_pos : window.end_pos] == "from 9:30 AM to 1:45 PM (PST)"
    assert window.start.zone is not None and window.start.zone.offset_minutes == -480
    assert window.start.to_utc() is None
    assert window.start.to_utc(datetime.date(2024, 1, 1)) == utc(2024, 1, 1, 17, 30)


NO_WINDOWS = [
    "We were paged at 10:00 and fixed it by 11:00.",
    "10:00 - engineers were paged. 10:05 - a rollback started.",
    "At 10:00 we decided to restart the pods by 11:00.",
    "Between the two of us, 10:00 was early.",
    "From June 9 to 10:00 nothing happened.",
    "It ran 24/7 to 80% capacity.",
    "Alert at 3:05 PM, and by 03:40 PM it was quiet.",
    "Tue Feb 6 2024 - 5am: first alert",
    "No times at all here.",
    # "at" joins two times only after "from"
    "We met at 9:00 at 10:00 again.",
    "The deploy began from 9:00 at the office.",
]


@pytest.mark.parametrize("text", NO_WINDOWS)
def test_no_window(text: str) -> None:
    assert tg.find_window(text) is None


def test_window_reads_numeric_dates_by_date_order() -> None:
    text = "Down 04/10/2024 from 10:00 to 11:00 UTC."
    for order, month in (("mdy", 4), ("dmy", 10)):
        window = tg.find_window(text, order)
        assert window is not None and window.end.date is not None
        assert window.end.date.month == month and window.end.date.ambiguous


def test_invalid_window_end_is_kept() -> None:
    window = tg.find_window("Down 2024-01-01 from 10:00 to 13:75 UTC.")
    assert window is not None
    assert window.end.time is not None and not window.end.time.valid
    assert window.end.to_utc() is None


# --- durations -------------------------------------------------------------------------------

DURATIONS = [
    ("It lasted 16 hours overall.", "16 hours", 960),
    ("It lasted 4h 30m overall.", "4h 30m", 270),
    ("It lasted 4h overall.", "4h", 240),
    ("It lasted 4 hours and 30 minutes overall.", "4 hours and 30 minutes", 270),
    ("It lasted 1 hour, 5 minutes overall.", "1 hour, 5 minutes", 65),
    ("It lasted 90 minutes overall.", "90 minutes", 90),
    ("It lasted 2 hrs overall.", "2 hrs", 120),
    ("It lasted two hours overall.", "two hours", 120),
    ("It lasted Forty-five minutes overall.", "Forty-five minutes", 45),
    ("It lasted an hour overall.", "an hour", 60),
    ("It lasted half an hour overall.", "half an hour", 30),
    ("It lasted an hour and a half overall.", "an hour and a half", 90),
    ("It lasted 1.5 hours overall.", "1.5 hours", 90),
    ("It lasted 3 days overall.", "3 days", 4320),
    ("It lasted 45 mins overall.", "45 mins", 45),
    ("It was a 90-minute outage.", "90-minute", 90),
    ("It lasted 30 seconds overall.", "30 seconds", 0.5),
    ("It lasted 1 day, 2 hours and 3 minutes overall.", "1 day, 2 hours and 3 minutes", 1563),
    ("It lasted 1h30m overall.", "1h30m", 90),
]


@pytest.mark.parametrize(("text", "span", "minutes"), DURATIONS)
def test_durations(text: str, span: str, minutes: float) -> None:
    found = tg.find_durations(text)
    assert len(found) == 1
    duration = found[0]
    assert duration.text == span
    assert text[duration.start : duration.end] == span
    assert duration.minutes == pytest.approx(minutes)


@pytest.mark.parametrize(
    "text",
    [
        "Support is 24/7.",
        "Paged at 10:00.",
        "We run 2 servers.",
        "Paged at 1405 hrs.",
        "Twice a day we rotate logs.",
        "",
    ],
)
def test_not_durations(text: str) -> None:
    assert tg.find_durations(text) == []


def test_two_durations_are_not_added_up() -> None:
    text = "First 2 hours, then 3 hours and 5 minutes more, then an hour and a half, 3 hours."
    found = tg.find_durations(text)
    assert [d.text for d in found] == [
        "2 hours",
        "3 hours and 5 minutes",
        "an hour and a half",
        "3 hours",
    ]
    assert [d.minutes for d in found] == [120, 185, 90, 180]


# --- non-ASCII text past the fast paths -----------------------------------------------------


def test_digits_of_other_scripts_are_read() -> None:
    """The scanner's \\d reads every script's digits: a digit test must not be ASCII-only."""
    moment = only("Down at \u0661\u0660:\u0663\u0660 UTC.")
    assert moment.time is not None and (moment.time.hour, moment.time.minute) == (10, 30)
    assert moment.zone is not None and moment.zone.name == "UTC"


def test_zone_after_a_time_may_open_with_a_non_ascii_letter() -> None:
    """Read in any case, "[a-z]" matches the Kelvin sign (U+212A) as "k"."""
    moment = only("Down at 10:00 \u212aorea Standard Time.")
    assert moment.zone is not None and moment.zone.name == "KST"


@pytest.mark.parametrize("run", ["123", "12345", "\u0661\u0662\u0663", "\u0661" * 5])
@pytest.mark.parametrize(
    "after",
    [
        *("", ":30", ".30 UTC", " pm", "am", "-05-06", "/12/2024", " hrs", "h", "th of May"),
        *(" UTC", " to 5 pm", " noon", ", 2024"),
    ],
)
def test_no_value_starts_at_three_or_five_digits(run: str, after: str) -> None:
    """The scanner skips a run of 3 or 5+ digits untried: no branch of its pattern starts
    there, whatever follows (its branches take 1, 2 or 4 digits)."""
    from postmortem_lint.timegrammar._atoms import _ATOM

    text = f"Up {run}{after} later"
    assert _ATOM.match(text, 3) is None
    assert all(moment.start > 3 for moment in tg.find_moments(text))  # "5 pm", "noon" are


def test_find_zones_answers_are_fresh_lists() -> None:
    first = tg.find_zones("All times UTC")
    first.clear()
    assert [z.name for z in tg.find_zones("All times UTC")] == ["UTC"]


# --- speed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month", "weekday"),
    [
        ("down 10 \u017fept 2024", 9, None),  # a long s: "s" to a case-blind pattern
        ("on \u017funday, March 3 2024", 3, 6),
        ("\u017feptember 3, 2024", 9, None),
        ("on the 3rd of \u017feptember 2024", 9, None),
        ("10 SEPT 2024", 9, None),
    ],
)
def test_a_name_written_with_a_letter_a_regex_takes_for_ascii_is_read(
    text: str, month: int, weekday: int | None
) -> None:
    (moment,) = tg.find_moments(text)
    assert moment.date is not None
    assert (moment.date.month, moment.date.weekday) == (month, weekday)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2 hours and 10 \u017fecs", 120 + 10 / 60),
        ("10 \u017fecs", 10 / 60),
        ("f\u0131ve minutes", 5),
    ],
)
def test_a_duration_written_with_a_letter_a_regex_takes_for_ascii_is_read(
    text: str, minutes: float
) -> None:
    (duration,) = tg.find_durations(text)
    assert duration.minutes == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["down at m\u0131dnight UTC", "down at m\u0130dnight UTC"])
def test_midnight_written_with_a_dotless_or_dotted_i_is_a_time(text: str) -> None:
    (moment,) = tg.find_moments(text)
    assert moment.time is not None and (moment.time.hour, moment.time.meridiem) == (0, "am")


PATHOLOGICAL = [
    "1" * 100_000,
    "1:" * 50_000,
    "1." * 50_000,
    "1/" * 50_000,
    "12 " * 33_000,
    "April " * 16_000 + "10",
    "Friday, " * 12_000 + "May 5",
    "10:00 " * 16_000,
    "10:00 to " * 11_000,
    "(" * 100_000,
    " " * 100_000 + "10:00",
    "UTC+" * 25_000,
    "a " * 50_000,
    "1 hour and " * 9_000,
    "2024-04-10T" * 9_000,
    ("word " * 20 + "10:00 AM ") * 400,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:12]))
def test_linear_time_on_pathological_input(text: str) -> None:
    began = time.perf_counter()
    tg.find_moments(text)
    tg.find_window(text)
    tg.find_durations(text)
    tg.find_zones(text)
    tg.leading_moment(text)
    assert time.perf_counter() - began < 2.0
