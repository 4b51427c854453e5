"""What team postmortems need from the rules: rendered timeline lines, day headings, zone
notes, windows in the opening or the timeline, prose follow-ups, tasks that are tickets."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_lint import lint_text
from postmortem_lint import timegrammar as tg
from postmortem_lint.config import Config, load, pack_path
from postmortem_lint.engine import lint_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "teams"


def pack(name: str) -> Config:
    return load(pack_path(name))


def rules(text: str, config: Config | None = None) -> list[tuple[str, int, str]]:
    return [(v.rule, v.line, v.message) for v in lint_text(text, config=config)]


def only(text: str, rule: str, config: Config | None = None) -> list[tuple[int, str]]:
    return [(line, message) for r, line, message in rules(text, config) if r == rule]


WINDOW = (
    "## Issue Summary\n\nOn 2024-05-02 from 10:00 to 11:30 UTC the API failed for 20% of users.\n\n"
)


# -- timeline entries as a reader sees them ---------------------------------------------


@pytest.mark.parametrize(
    "timeline",
    [
        "10:00 UTC alert fires on web-01\n\n10:20 UTC engineer starts looking\n\n"
        "11:00 UTC config reverted by the team\n",  # paragraphs of their own
        "10:00 UTC alert fires on web-01<br>\n10:20 UTC engineer starts looking<br>\n"
        "11:00 UTC config reverted by the team\n",  # <br> at line ends
        "10:00 UTC alert fires on web-01 <br> 10:20 UTC engineer starts looking <br> "
        "11:00 UTC config reverted by the team\n",  # <br> in one source line
        "10:00 UTC alert fires on web-01  \n10:20 UTC engineer starts looking\\\n"
        "11:00 UTC config reverted by the team\n",  # two spaces, a backslash
    ],
)
def test_rendered_lines_led_by_a_time_are_entries(timeline: str) -> None:
    assert only(WINDOW + "## Timeline\n\n" + timeline, "PM201") == []


def test_lines_joined_into_one_rendered_line_are_not_entries() -> None:
    timeline = (
        "10:00 UTC alert fires on web-01\n10:20 UTC engineer starts looking\n"
        "11:00 UTC config reverted by the team\n"
    )
    assert only(WINDOW + "## Timeline\n\n" + timeline, "PM201") == [
        (
            5,
            "'Timeline' has 3 lines led by a time but no list: start each with '- ' so it "
            "renders as an entry, e.g. '- 10:15 UTC: alert fired on web-01'",
        )
    ]


def test_a_time_inside_a_sentence_is_no_entry() -> None:
    timeline = (
        "The alert fired at 10:00 UTC and we looked.\n\nIt was fixed at 11:00 UTC by a revert.\n"
    )
    assert only(WINDOW + "## Timeline\n\n" + timeline, "PM201")


def test_day_headings_at_the_timelines_level_stay_in_the_timeline() -> None:
    text = (
        WINDOW.replace("from 10:00 to 11:30", "from 22:00 to 01:30")
        + "## Timeline\n\n## May 2\n\n### 22:00 UTC\n\nAlert fires on web-01.\n\n"
        "### 23:10 UTC\n\nEngineer starts looking.\n\n## May 3\n\n### 01:20 UTC\n\n"
        "Config reverted by the team.\n\n## Root Cause and Resolution\n\nText.\n"
    )
    found = rules(text)
    assert [r for r in found if r[0] in ("PM201", "PM202")] == []
    assert not [r for r in found if r[0] == "PM001" and "Timeline" in r[2]]


def test_a_time_after_midnight_under_a_day_heading_is_the_next_day() -> None:
    text = (
        "## Summary\n\nThe API failed.\n\n## Timeline (UTC)\n\n### 2024-05-02\n\n"
        "- 22:00 alert fires on web-01\n- 23:10 engineer starts looking\n"
        "- 00:40 config reverted by the team\n\n### 2024-05-03\n\n- 09:00 postmortem written up\n"
    )
    assert only(text, "PM202", pack("google-sre")) == []
    backwards = text.replace("### 2024-05-03", "### 2024-05-01")
    assert [line for line, _ in only(backwards, "PM202", pack("google-sre"))] == [15]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("May 12", (None, 5, 12)),
        ("_2018/02/26_", (2018, 2, 26)),
        ("Tuesday, 15 May", (None, 5, 15)),
    ],
)
def test_bare_date(text: str, day: tuple[int | None, int, int]) -> None:
    date = tg.bare_date(text)
    assert date is not None and (date.year, date.month, date.day) == day


@pytest.mark.parametrize("text", ["May 12 outage", "14:05", "2024-05-02 14:05", "Root Cause", ""])
def test_not_a_bare_date(text: str) -> None:
    assert tg.bare_date(text) is None


# -- the timeline's zone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "timeline"),
    [
        ("", "_All times in CET_\n\n- 10:00 alert fires on web-01\n- 10:20 engineer looks at it\n"),
        ("All times PDT.\n\n", "- 10:00 alert fires on web-01\n- 10:20 engineer looks at it\n"),
        ("", "- 10:00 PDT alert fires on web-01\n- 10:20 engineer looks at it\n"),
    ],
)
def test_a_zone_stated_once_covers_the_timeline(before: str, timeline: str) -> None:
    text = f"# Title\n\n{before}## Summary\n\nThe API failed.\n\n## Timeline\n\n{timeline}"
    assert only(text, "PM203", pack("incident")) == []


def test_entries_before_the_first_zone_have_none() -> None:
    text = "## Summary\n\nIt failed.\n\n## Timeline\n\n- 10:00 alert fires\n- 10:20 UTC we look\n"
    assert [m[:30] for _, m in only(text, "PM203", pack("incident"))] == [
        "1 of 2 timeline entries have n"
    ]


# -- the outage window in team styles -------------------------------------------------


def test_a_window_in_the_opening_lines_counts() -> None:
    text = (
        "# API outage\n\nOn May 2, 2024, from 10:00 to 11:30 UTC the API failed.\n\n"
        "## Issue Summary\n\nThe API failed for 20% of users.\n"
    )
    assert only(text, "PM101") == []


def test_the_timeline_stands_in_for_the_window_in_team_packs() -> None:
    text = (
        "## Summary\n\nThe API failed for 20% of users.\n\n## Timeline (UTC)\n\n"
        "- 10:00 alert fires on web-01\n- 11:30 config reverted by the team\n"
    )
    assert only(text, "PM101", pack("incident")) == []
    assert only(text, "PM101")  # the alx pack asks for the window in the summary
    one = text.replace("- 11:30 config reverted by the team\n", "")
    assert only(one, "PM101", pack("incident")) == [
        (
            1,
            "'Summary' gives no outage window, nor does the timeline (fewer than two timed "
            "entries): state when it started and ended, each with a date, a time and a "
            "timezone, e.g. 'March 2, 2024, 14:05 to 16:30 UTC'",
        )
    ]


# -- action items ---------------------------------------------------------------------

ACTIONS = "## Summary\n\nIt failed.\n\n## Action Items\n\n"


def test_prose_follow_ups_count_in_team_packs() -> None:
    text = ACTIONS + "We will add an alert on the rebuild job's progress.\n"
    assert only(text, "PM401", pack("incident")) == []
    assert only(text, "PM401")  # alx asks for a list of at least three
    assert only(ACTIONS + "None.\n", "PM401", pack("incident"))  # too short to be a task


def test_a_task_that_is_only_a_ticket_is_not_vague() -> None:
    text = (
        ACTIONS + "- [org/repo#1127](https://example.com/org/repo/pull/1127)\n- OPS-12\n- Fix it\n"
    )
    assert [line for line, _ in only(text, "PM402")] == [9]


def test_the_fixtures_are_clean_under_their_packs() -> None:
    assert lint_file(FIXTURES / "day-headings.md", pack("google-sre")) == []
    assert lint_file(FIXTURES / "prose-follow-ups.md", pack("incident")) == []


# -- placeholders of team templates ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("| 2025-07-02 09:?? | The cache is flushed by hand |", "09:??"),
        ("### 2X:XX (not sure of the time)", "2X:XX"),
        ("| 2019-12-03 --:-- | New deployments |", "--:--"),
        ("- [???] IOPS reached a critical point", "???"),
    ],
)
def test_half_known_times_and_blanks_are_placeholders(line: str, written: str) -> None:
    text = WINDOW + "## Timeline\n\n" + line + "\n"
    hint = " (a time nobody knows: say so, e.g. '~14:00' or 'time unknown')"
    unknown = hint if ":" in written else ""
    assert only(text, "PM009") == [(7, f"placeholder '{written}' left in: fill it in{unknown}")]


@pytest.mark.parametrize("line", ["Why did it fail???", "At 14:05 the job failed.", "a ? b"])
def test_questions_and_times_are_not_placeholders(line: str) -> None:
    assert only(WINDOW + "## Timeline\n\n" + line + "\n", "PM009") == []


# -- PM010 header-fields --------------------------------------------------------------

FIELDS = "rules:\n  PM010:\n    fields: [Status, Authors/Owners/Created by]\n"
BODY = "\n## Summary\n\nThe API failed.\n"


def fields_config(tmp_path: Path) -> Config:
    path = tmp_path / ".postmortem-lint.yaml"
    path.write_text("extends: incident\n" + FIELDS)
    return load(path)


@pytest.mark.parametrize(
    "header",
    [
        "Status: final\nOwners: @ana, @tomas\n",
        "**Status**: final<br> Owners: @ana\n",  # two on one rendered line
        "Status:Published Owners: ana\n",  # run together
        "| Field | Value |\n| --- | --- |\n| Status | final |\n| Created by | Ana |\n",
        "| Status | final |\n| Authors | Ana |\n",  # a table without its delimiter row
        "### Status\n\nfinal\n\n### Authors\n\nAna\n",  # the SRE book's headings
    ],
)
def test_pm010_quiet_when_the_fields_are_there(header: str, tmp_path: Path) -> None:
    text = "# Outage\n\n" + header + BODY
    assert only(text, "PM010", fields_config(tmp_path)) == []


def test_pm010_reports_each_missing_field_and_an_empty_one(tmp_path: Path) -> None:
    config = fields_config(tmp_path)
    assert only("# Outage\n\nStatus: final\n" + BODY, "PM010", config) == [
        (
            1,
            "no 'Authors' field (or Owners, Created by): add a line such as 'Authors: ...' at "
            "the top",
        )
    ]
    empty = only("# Outage\n\nStatus:\nOwners: @ana\n" + BODY, "PM010", config)
    assert empty == [(3, "the 'Status' field is empty: fill it in")]


def test_pm010_checks_nothing_without_fields() -> None:
    assert only("# Outage\n" + BODY, "PM010", pack("incident")) == []
    assert only("# Outage\n" + BODY, "PM010", pack("google-sre"))  # asks for an author


def test_impossible_times_in_entry_headings_are_reported() -> None:
    text = WINDOW + "## Timeline\n\n### 25:10 UTC\n\nAlert fires on web-01.\n"
    assert only(text, "PM603") == [
        (7, "'25:10' is not a real time: hour 25 does not exist: hours run from 0 to 23")
    ]


def test_dates_alone_and_placeholder_times_are_not_entries() -> None:
    timeline = (
        "| Time | Event |\n| --- | --- |\n| 2024-05-02 HH:mm | Alert fires on web-01 |\n"
        "| 2024-05-02 | Engineer starts looking |\n| 2024-05-02 10:40 | Config reverted |\n"
    )
    assert only(WINDOW + "## Timeline (UTC)\n\n" + timeline, "PM201") == [
        (
            5,
            "'Timeline (UTC)': 1 of its 3 entries start with a time; at least 3 should, e.g. "
            "'- 10:15 UTC: alert fired on web-01'",
        )
    ]


MARKED = (
    "## Summary\n\nThe docs site failed for 80% of visitors. It lasted {duration}.\n\n"
    "## Timeline (UTC)\n\n### 2024-05-02\n\n- 18:00 a DNS change is prepared by the team\n"
    "- 21:14 the DNS change takes effect. **\\<START OF OUTAGE>**\n\n### 2024-05-03\n\n"
    "- 04:24 a user reports the outage on chat\n"
    "- 12:55 the fixed records take effect. **\\<END OF OUTAGE>**\n"
)


def test_start_and_end_markers_give_the_window() -> None:
    right = MARKED.format(duration="15 hours 41 minutes")
    for name in ("google-sre", "incident"):
        found = rules(right, pack(name))
        assert [r for r in found if r[0] in ("PM101", "PM102", "PM205")] == []
    wrong = MARKED.format(duration="3 hours")
    assert [m[:40] for _, m in only(wrong, "PM102", pack("google-sre"))] == [
        "'3 hours' does not match the outage wind"
    ]
    assert only(right, "PM101")  # the alx pack asks for the window in the summary


def test_pm205_names_where_the_window_was_stated() -> None:
    text = (
        "# API outage\n\nOn May 2, 2024, from 10:00 to 11:30 UTC the API failed.\n\n"
        "## Issue Summary\n\nThe API failed for 20% of users.\n\n## Timeline\n\n"
        "- 10:00 UTC alert fires on web-01\n- 10:20 UTC engineer looks at it\n"
        "- 18:00 UTC the config is reverted\n"
    )
    (message,) = [m for _, m in only(text, "PM205")]
    assert "(per the window in the file's opening lines)" in message


def test_pm403_a_bare_issue_url_is_a_ticket_and_a_table_is_told_its_column() -> None:
    sre = pack("google-sre")
    listed = (
        ACTIONS + "- Release 0.9 with the fix, @ana (https://example.com/org/repo/issues/1676)\n"
    )
    assert only(listed, "PM403", sre) == []
    table = (
        ACTIONS + "| Action | Owner | Bug |\n| --- | --- | --- |\n"
        "| Add a disk alert at 80% on db-01 | | OPS-12 |\n"
    )
    assert only(table, "PM403", sre) == [
        (
            5,
            "1 action item has no owner (the first: 'Add a disk alert at 80% on db-01', line "
            "9): fill in the table's owner column for each",
        )
    ]


@pytest.mark.parametrize(
    "note", ["All times PT.", "All times Pacific.", "All times in US/Pacific."]
)
def test_a_loose_us_zone_in_a_note_covers_the_timeline(note: str) -> None:
    text = (
        f"## Summary\n\nIt failed.\n\n## Timeline\n\n{note}\n\n"
        "- 10:00 alert fires on web-01\n- 10:20 engineer looks at it\n"
    )
    assert only(text, "PM203", pack("incident")) == []
    assert only(text.replace(note, "The times below."), "PM203", pack("incident"))


def test_team_packs_leave_the_story_around_the_outage_alone() -> None:
    text = (
        "## Summary\n\nOn 2024-05-02 from 10:00 to 11:30 UTC the API failed.\n\n"
        "## Timeline (UTC)\n\n- 2024-04-01 09:00 the change that caused it is merged\n"
        "- 2024-05-02 10:00 alert fires on web-01\n- 2024-05-02 11:30 the change is reverted\n"
    )
    assert only(text, "PM205")  # alx: a wrong date, most likely
    assert only(text, "PM205", pack("incident")) == []


@pytest.mark.parametrize(
    "impact", ["Roughly 18,000 sellers saw stale listings.", "305 affected teams got errors."]
)
def test_team_packs_count_their_own_things(impact: str) -> None:
    text = f"## Summary\n\nThe listings service failed. {impact}\n"
    assert only(text, "PM103", pack("incident")) == []
    assert [m[:40] for _, m in only(text, "PM103")] == ["'Summary' does not quantify the impact: "]


def test_a_duration_is_not_a_count_and_everyone_is() -> None:
    text = "## Summary\n\nThe listings service failed for 3 hours.\n"
    assert only(text, "PM103", pack("incident"))
    everyone = "## Summary\n\nThe website failed: everyone visiting it saw errors.\n"
    assert only(everyone, "PM103") == []


def test_a_table_wrapped_onto_lines_is_named() -> None:
    timeline = (
        "| Time | Event | | --- | --- | | 10:00 UTC | alert fires on web-01 | | 10:20 UTC |\n"
        "engineer starts looking | | 11:00 UTC | config reverted |\n"
    )
    assert only(WINDOW + "## Timeline\n\n" + timeline, "PM201") == [
        (
            5,
            "'Timeline' holds a table wrapped onto lines (line 7), which renders as one "
            "paragraph: put each row on a line of its own, '| 10:15 UTC | alert fired |'",
        )
    ]


def test_prose_follow_ups_are_judged_as_tasks_in_team_packs() -> None:
    vague = ACTIONS + "Be more careful.\n\nWe will improve monitoring.\n"
    sre = pack("google-sre")
    assert [line for line, _ in only(vague, "PM402", sre)] == [7, 9]
    assert only(vague, "PM402") == []  # alx: PM401 asks for a list instead
    owned = ACTIONS + "We will add an alert on the rebuild job's progress (owner: @ana, OPS-7).\n"
    assert only(owned, "PM403", sre) == []
    bare = owned.replace(" (owner: @ana, OPS-7)", "")
    assert [m[:28] for _, m in only(bare, "PM403", sre)] == [
        "1 action item has no owner (",
        "1 action item has no ticket ",
    ]


def test_pm010_reads_a_field_opening_a_line_not_one_in_a_sentence(tmp_path: Path) -> None:
    config = fields_config(tmp_path)
    said = "# Outage\n\nStatus: final\n\nWe asked the owner: nobody knew.\n" + BODY
    assert [m[:20] for _, m in only(said, "PM010", config)] == ["no 'Authors' field ("]
    heading = "# Outage\n\nStatus: final\nOwners: @ana\n\n### Authors\n" + BODY
    assert only(heading, "PM010", config) == []  # an empty heading does not hide the line


def test_a_zone_note_under_a_numeric_day_heading_covers_the_timeline() -> None:
    text = (
        "## Summary\n\nIt failed.\n\n## Timeline\n\n### 2024-03-02\n\nAll times are UTC.\n\n"
        "- 10:00 alert fires on web-01\n- 10:20 engineer looks at it\n"
    )
    assert only(text, "PM203", pack("incident")) == []
