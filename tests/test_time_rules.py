"""The time rules (PM102, PM202-PM205, PM601-PM603) and PM402, fire and stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_lint import lint_text
from postmortem_lint.config import load


def found(text: str, rule: str) -> list[tuple[int, int, str]]:
    return [(v.line, v.column, v.message) for v in lint_text(text) if v.rule == rule]


def summary(window: str, timeline: str = "") -> str:
    return f"## Issue Summary\n\n{window}\n\n## Timeline\n\n{timeline}"


# -- PM101 outage-window ----------------------------------------------------------------


@pytest.mark.parametrize(
    "window",
    [
        "Duration: March 9, 2024, 10:00 AM to March 10, 2024, 2:00 PM (EST)",
        "From 2024-03-02T14:05Z to 2024-03-02T16:30Z the API failed.",
        "On March 2, 2024, between 14:05 and 16:30 GMT+1, the API failed.",
        "Start: March 2, 2024 14:05 WAT\nEnd: March 2, 2024 16:30 WAT",
    ],
)
def test_pm101_quiet(window: str) -> None:
    assert found(summary(window), "PM101") == []


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ("It was down for a while.", "gives no outage window"),
        ("From 10:00 to 12:00 on March 2, 2024.", "the outage window has no timezone"),
        ("From 10:00 UTC to 12:00 UTC.", "the outage start and end have no date"),
        ("From May 2, 10:00 EAT to May 2, 03:00 EAT.", "ends before it starts"),
        ("From March 2, 2024, 14:00 UTC to March 2, 2024, 13:00 UTC.", "ends before it starts"),
    ],
)
def test_pm101_fires(window: str, message: str) -> None:
    messages = [m for _line, _col, m in found(summary(window), "PM101")]
    assert any(message in m for m in messages), messages


def test_pm101_points_at_the_window() -> None:
    text = summary("The API failed from 10:00 to 12:00 on March 2, 2024, for everyone.")
    assert [(line, col) for line, col, _m in found(text, "PM101")] == [(3, 16)]


# -- PM102 duration-mismatch ------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "fires"),
    [
        ("From 10:00 to 14:00 UTC on March 2, 2024 (4 hours).", False),
        ("From 10:00 to 14:10 UTC on March 2, 2024 (4 hours).", False),
        ("From 10:00 to 14:00 UTC on March 2, 2024 (16 hours).", True),
        ("From 10:00 PM on March 2, 2024 to 2:00 AM UTC (four hours).", False),
        ("From 10:00 to 14:00 UTC on March 2, 2024.\nDowntime: 90 minutes.", True),
        ("From 10:00 to 14:00 UTC on March 2, 2024.\nPages took 5 seconds to load.", False),
    ],
)
def test_pm102(window: str, fires: bool) -> None:
    assert bool(found(summary(window), "PM102")) == fires


def test_pm102_message() -> None:
    text = summary("From 10:00 to 14:00 UTC on March 2, 2024 (16 hours).")
    assert found(text, "PM102") == [
        (3, 43, "'16 hours' does not match the outage window, which lasts 4 hours")
    ]


# -- PM202 timeline-order ---------------------------------------------------------------

WINDOW = "From March 2, 2024, 10:00 to March 2, 2024, 12:00 UTC, checkout failed."


def entries(*times: str) -> str:
    return "".join(f"- {time}: something happened here\n" for time in times)


def test_pm202_reports_the_fewest_entries_out_of_order() -> None:
    text = summary(WINDOW, entries("10:00 UTC", "10:30 UTC", "10:05 UTC", "11:00 UTC"))
    assert found(text, "PM202") == [
        (
            9,
            3,
            "'10:05 UTC' is out of time order: it is earlier than '10:30 UTC' (line 8); "
            "fix its time or move it",
        )
    ]
    assert found(summary(WINDOW, entries("10:00 UTC", "10:30 UTC", "11:00 UTC")), "PM202") == []


def test_pm202_midnight_rolls_over_only_when_the_window_does() -> None:
    overnight = "From March 2, 2024, 23:00 to March 3, 2024, 01:00 UTC, checkout failed."
    assert found(summary(overnight, entries("23:10 UTC", "23:50 UTC", "00:30 UTC")), "PM202") == []
    assert len(found(summary(WINDOW, entries("10:10 UTC", "11:50 UTC", "00:30 UTC")), "PM202")) == 1


def test_pm202_compares_zones_in_utc() -> None:
    text = summary(WINDOW, entries("10:00 UTC", "11:30 WAT", "10:45 UTC"))
    assert found(text, "PM202") == []


# -- PM203 timeline-timezone ------------------------------------------------------------


def test_pm203_zone_on_entries_or_once() -> None:
    assert found(summary(WINDOW, entries("10:00 UTC", "10:30 UTC", "11:00 UTC")), "PM203") == []
    once = summary(WINDOW, "All times are UTC.\n\n" + entries("10:00", "10:30", "11:00"))
    assert found(once, "PM203") == []
    heading = summary(WINDOW, entries("10:00", "10:30", "11:00")).replace(
        "## Timeline", "## Timeline (UTC)"
    )
    assert found(heading, "PM203") == []
    bare = summary(WINDOW, entries("10:00", "10:30 UTC", "11:00"))
    assert found(bare, "PM203") == [
        (
            7,
            3,
            "1 of 3 timeline entries have no timezone: add it to each, or once in the "
            "heading, e.g. '## Timeline (UTC)'",
        )
    ]


def test_pm203_zone_differs_from_the_summary() -> None:
    text = summary(WINDOW, entries("11:00 WAT", "11:30 WAT", "12:00 WAT"))
    assert found(text, "PM203") == [
        (5, 1, "the timeline uses WAT but the outage window uses UTC: use one zone throughout")
    ]


# -- PM204 timeline-coverage ------------------------------------------------------------


def test_pm204_one_finding_per_missing_part() -> None:
    full = entries(
        "10:00 UTC alert detected by monitoring",
        "10:10 UTC investigated the web servers, assuming a leak",
        "10:30 UTC the leak theory was ruled out",
        "10:40 UTC escalated to the database team",
        "11:00 UTC replica restarted and service restored",
    )
    assert found(summary(WINDOW, full), "PM204") == []
    partial = entries("10:00 UTC alert fired", "11:00 UTC service restored")
    assert sorted(m for _l, _c, m in found(summary(WINDOW, partial), "PM204")) == [
        "the timeline does not mention a lead that turned out wrong (a misleading path): add "
        "an entry for it",
        "the timeline does not mention what was investigated or assumed: add an entry for it",
        "the timeline does not mention whom the incident was escalated to: add an entry for it",
    ]


# -- PM205 timeline-window --------------------------------------------------------------


def test_pm205_entries_outside_the_window() -> None:
    inside = summary(WINDOW, entries("09:30 UTC", "11:00 UTC", "12:45 UTC"))
    assert found(inside, "PM205") == []
    outside = summary(
        WINDOW, entries("07:00 UTC", "10:30 UTC", "11:00 UTC", "11:30 UTC", "15:30 UTC")
    )
    assert found(outside, "PM205") == [
        (
            7,
            3,
            "'07:00 UTC' is 3 hours before the outage started (per the summary's window): "
            "check the time, date or AM/PM",
        ),
        (
            11,
            3,
            "'15:30 UTC' is 3 hours after the outage ended (per the summary's window): "
            "check the time, date or AM/PM",
        ),
    ]


# -- PM601 weekday-mismatch, PM602 timezone-abbreviation, PM603 impossible-date ---------


def in_summary(text: str) -> str:
    return f"## Issue Summary\n\n{text}"


def test_pm601() -> None:
    assert found(in_summary("On Sunday, November 12, 2023 the site failed.\n"), "PM601") == []
    assert found(in_summary("On Friday, November 12, 2023 the site failed.\n"), "PM601") == [
        (3, 4, "'Friday, November 12, 2023': November 12, 2023 was a Sunday, not a Friday")
    ]
    assert found(in_summary("On Friday, November 12 the site failed.\n"), "PM601") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 9, 2023, 10:00 AM PDT", None),
        ("January 9, 2023, 10:00 AM PST", None),
        (
            "June 9, 2023, 10:00 AM PST",
            "on June 9, 2023 that region is on daylight time: write 'PDT'",
        ),
        ("January 9, 2023, 10:00 CEST", "that region is on standard time: write 'CET'"),
        ("July 9, 2023, 10:00 AEDT", "that region is on standard time: write 'AEST'"),
        ("March 12, 2023, 10:00 AM PST", None),
        ("June 9, 2023, 10:00 AM GMT", None),
        ("June 9, 2023, 14:00 IST", "'IST' is ambiguous"),
    ],
)
def test_pm602(text: str, expected: str | None) -> None:
    messages = [m for _l, _c, m in found(in_summary(f"The outage began {text}.\n"), "PM602")]
    if expected is None:
        assert messages == []
    else:
        assert len(messages) == 1 and expected in messages[0], messages


def test_pm602_one_finding_per_zone_with_a_count() -> None:
    text = in_summary("- June 9, 2023, 10:00 PST: a\n- June 9, 2023, 11:00 PST: b\n")
    assert [(line, col) for line, col, _m in found(text, "PM602")] == [(3, 23)]
    assert found(text, "PM602")[0][2].endswith("(2 mentions)")


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("at 13:20 PM UTC", True),
        ("at 25:00 UTC on March 2, 2024", True),
        ("at 10:75 UTC on March 2, 2024", True),
        ("on February 30, 2024 at 10:00 UTC", True),
        ("on February 29, 2024 at 10:00 UTC", False),
        ("at 1:20 PM UTC", False),
    ],
)
def test_pm603(text: str, fires: bool) -> None:
    assert bool(found(in_summary(f"The alert fired {text}.\n"), "PM603")) == fires


# -- PM402 vague-task -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "fires"),
    [
        ("Improve monitoring.", True),
        ("Be more careful.", True),
        ("Monitoring", True),
        ("Improve monitoring of disk usage on db-01 with an alert at 80%.", False),
        ("Add a disk-usage alert at 80% on db-01.", False),
        ("Rotate Nginx logs daily with logrotate.", False),
    ],
)
def test_pm402(task: str, fires: bool) -> None:
    text = f"## Corrective and Preventative Measures\n\n- {task}\n"
    assert bool(found(text, "PM402")) == fires


# -- PM604 ambiguous-date ---------------------------------------------------------------


def test_pm604_reads_by_date_order_and_says_so(tmp_path: Path) -> None:
    text = in_summary("It began on 04/10/2024 at 10:00 UTC and again on 04/11/2024.\n")
    assert found(text, "PM604") == [
        (
            3,
            13,
            "'04/10/2024' is read as April 10, 2024 (date-order mdy) but could be October "
            "4: write 'April 10, 2024' or '2024-04-10' (1 more dates like it)",
        )
    ]
    assert found(in_summary("It began on 25/10/2024 at 10:00 UTC.\n"), "PM604") == []
    assert found(in_summary("It began on 2024-04-10 at 10:00 UTC.\n"), "PM604") == []
    config_file = tmp_path / "pm.yaml"
    config_file.write_text("date-order: dmy\n", encoding="utf-8")
    dmy = [v.message for v in lint_text(text, config=load(config_file)) if v.rule == "PM604"]
    assert dmy[0].startswith("'04/10/2024' is read as October 4, 2024 (date-order dmy)")


def test_pm101_span_reaches_an_emphasised_end() -> None:
    text = in_summary("From June 10, 2023, 10:00 AM UTC to June 9, 2023, **2:00 PM** UTC, oops.\n")
    found_ = [v for v in lint_text(text) if v.rule == "PM101"]
    assert [(v.line, v.column, v.end_line, v.end_column) for v in found_] == [(3, 1, 3, 66)]
    assert "ends before it starts" in found_[0].message


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ("From December 31, 11:00 PM to January 1, 1:00 AM UTC.", None),
        ("From June 9, 10:00 AM UTC to June 9, 10:00 AM UTC.", "ends when it starts"),
    ],
)
def test_pm101_without_a_year(window: str, message: str | None) -> None:
    messages = [m for _l, _c, m in found(in_summary(window + "\n"), "PM101")]
    assert messages == [] if message is None else message in messages[0]


def test_spans_across_lines_end_on_the_right_line() -> None:
    text = in_summary("It began on Friday, November 12,\n2023 and things broke.\n")
    spans = [
        (v.line, v.column, v.end_line, v.end_column) for v in lint_text(text) if v.rule == "PM601"
    ]
    assert spans == [(3, 13, 4, 5)]


def test_dates_in_inline_code_are_quoted_not_stated() -> None:
    text = in_summary("The parser choked on `February 30, 2024` and on 13:20 PM UTC.\n")
    assert [m for _l, _c, m in found(text, "PM603")] == [
        "'13:20 PM' is not a real time: hour 13 with PM: 12-hour times run from 1 to 12"
    ]


def test_a_field_label_in_the_summary_counts_as_said() -> None:
    text = (
        "## Issue Summary\n\nFrom 10:00 to 11:00 UTC on March 3, 2024, 40% of users failed.\n\n"
        "### Root Cause\n\nAn expired certificate.\n\n## Timeline\n\n- 10:00 UTC alert\n\n"
        "## Root Cause and Resolution\n\ntext\n"
    )
    assert found(text, "PM104") == []


def test_quoted_text_in_messages_stays_on_one_line() -> None:
    text = in_summary("The site failed on Monday,\nJune 9, 2023 at noon.\n")
    assert [m for _l, _c, m in found(text, "PM601")] == [
        "'Monday, June 9, 2023': June 9, 2023 was a Friday, not a Monday"
    ]


def test_pm203_suggests_the_windows_zone_at_the_headings_level() -> None:
    eat = "From March 2, 2024, 10:00 to March 2, 2024, 12:00 EAT, checkout failed."
    text = summary(eat, entries("10:00", "10:30", "11:00")).replace("## Timeline", "### Timeline:")
    assert [m for _l, _c, m in found(text, "PM203")] == [
        "3 of 3 timeline entries have no timezone: add it to each, or once in the heading, "
        "e.g. '### Timeline (EAT)'"
    ]
    pacific = "From March 2, 2024, 10:00 to March 2, 2024, 12:00 PT, checkout failed."
    text = summary(pacific, entries("10:00", "10:30", "11:00")).replace(
        "## Timeline", "## Timeline (PT)"
    )
    assert found(text, "PM203") == []


def test_pm205_one_finding_when_most_entries_are_outside() -> None:
    text = summary(WINDOW, entries("15:00 UTC", "15:30 UTC", "16:00 UTC"))
    assert [m for _l, _c, m in found(text, "PM205")] == [
        "3 of 3 timeline entries fall outside the outage window (the summary's window): check the "
        "timeline's zone and date against the window's"
    ]


def test_pm101_a_window_takes_the_summarys_only_date() -> None:
    text = in_summary(
        "On March 15, 2024 the site failed.\n\nFrom 10:00 AM to 2:00 PM GMT it was down.\n"
    )
    assert found(text, "PM101") == []
    two = in_summary("On March 15 or March 16, 2024 it failed.\n\nFrom 10:00 AM to 2:00 PM GMT.\n")
    assert "have no date" in found(two, "PM101")[0][2]
