"""Each rule fires and stays quiet, with exact positions.

The fixture table pins every finding on every fixture, so a rule that starts firing where
it should not (or stops firing) fails here; small inline documents cover the edges.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postmortem_lint import fix_text, lint_file, lint_text
from tests.conftest import fixture

EXPECTED: dict[str, set[tuple[str, int]]] = {
    "clean.md": set(),
    "bold-headings.md": {("PM002", 3), ("PM002", 10), ("PM002", 19), ("PM002", 32)},
    "list-headings.md": {("PM002", 3), ("PM002", 12), ("PM002", 21), ("PM002", 32)},
    "plain-text.md": {
        ("PM002", 3),
        ("PM002", 10),
        ("PM201", 10),
        ("PM002", 18),
        ("PM002", 30),
        ("PM401", 30),
    },
    "missing-sections.md": {("PM001", 1), ("PM001", 20), ("PM003", 12)},
    "no-timezone.md": {("PM101", 5), ("PM201", 11)},
    "too-short.md": {
        ("PM004", 8),
        ("PM103", 3),
        ("PM301", 10),
        ("PM401", 14),
        ("PM402", 16),
        ("PM402", 17),
        ("PM501", 1),
    },
    "time-mistakes.md": {
        ("PM102", 5),
        ("PM202", 16),
        ("PM203", 14),
        ("PM205", 19),
        ("PM402", 42),
        ("PM601", 5),
        ("PM602", 5),
        ("PM603", 18),
    },
    "conflict.md": {
        ("PM005", 12),
        ("PM005", 15),
        ("PM005", 18),
        ("PM006", 6),
        ("PM006", 7),
        ("PM007", 32),
    },
    "link-only.md": {("PM001", 3)},
    "empty.md": {("PM001", 1)},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings(name: str) -> None:
    found = {(v.rule, v.line) for v in lint_file(fixture(name))}
    assert found == EXPECTED[name]


def rules(text: str, rule: str) -> list[tuple[int, int]]:
    return [(v.line, v.column) for v in lint_text(text) if v.rule == rule]


def messages(text: str, rule: str) -> list[str]:
    return [v.message for v in lint_text(text) if v.rule == rule]


# -- PM001 required-sections ------------------------------------------------------------

SECTIONS = "# T\n\n## {s}\n\ntext\n\n## {t}\n\ntext\n\n## {r}\n\ntext\n\n## {c}\n\ntext\n"


def doc(
    s: str = "Issue Summary",
    t: str = "Timeline",
    r: str = "Root Cause and Resolution",
    c: str = "Corrective and Preventative Measures",
) -> str:
    return SECTIONS.format(s=s, t=t, r=r, c=c)


@pytest.mark.parametrize(
    "variant",
    [
        {"s": "Summary"},
        {"s": "1. ISSUE SUMMARY :memo:"},
        {"s": "Issue Summary: the login outage"},
        {"t": "Time line"},
        {"t": "Timeline (all times UTC)"},
        {"t": "📅 Timeline"},
        {"r": "Root Cause & Resolution"},
        {"c": "Corrective and preventive measures"},
        {"c": "Action Items"},
        {"c": "Corective and Preventative Measures"},
    ],
)
def test_pm001_quiet_on_aliases_and_small_misspellings(variant: dict[str, str]) -> None:
    assert rules(doc(**variant), "PM001") == []


def test_pm001_split_root_cause_and_resolution() -> None:
    text = doc(r="Root Cause") + "\n## Resolution and Recovery\n\ntext\n"
    assert rules(text, "PM001") == []
    assert messages(doc(r="Root Cause"), "PM001") == [
        "missing section 'Root Cause and Resolution': found 'Root Cause' (line 11) but no "
        "'Resolution' section"
    ]


def test_pm001_names_missing_section_and_closest_heading() -> None:
    assert rules(doc(t="What happened"), "PM001") == [(1, 1)]
    assert messages(doc(c="Corrective steps"), "PM001") == [
        "missing section 'Corrective and Preventative Measures'; closest heading is "
        "'Corrective steps' (line 15)"
    ]


def test_pm001_mentions_an_unclosed_fence() -> None:
    text = "## Issue Summary\n\ntext\n\n```\n## Timeline\n"
    assert any("never closed" in m for m in messages(text, "PM001"))


# -- PM002 pseudo-heading ---------------------------------------------------------------


def test_pm002_suggests_the_heading_to_write() -> None:
    text = "# Report\n\n## Issue Summary\n\ntext\n\n**Timeline:**\n\n- 10:00 UTC alert fired\n"
    assert messages(text, "PM002") == [
        "'**Timeline:**' is bold/italic text, not a heading; write '## Timeline'"
    ]
    assert rules(text, "PM002") == [(7, 1)]
    assert rules("# Report\n\n## Issue Summary\n\n## Timeline\n", "PM002") == []


# -- PM003 section-order ----------------------------------------------------------------


def test_pm003_order() -> None:
    assert rules(doc(), "PM003") == []
    swapped = doc(s="Timeline", t="Issue Summary")
    assert messages(swapped, "PM003") == ["'Issue Summary' should come before 'Timeline' (line 3)"]


# -- PM004 empty-section ----------------------------------------------------------------


def test_pm004_empty_and_filled() -> None:
    text = "## Issue Summary\n\n## Timeline\n\n### Details\n\n- 10:00 alert\n"
    assert rules(text, "PM004") == [(1, 1)]


# -- PM005 conflict-markers -------------------------------------------------------------


def test_pm005_ignores_code_and_lone_separators() -> None:
    assert rules("Title\n=======\n\ntext\n", "PM005") == []
    text = "```\n<<<<<<< HEAD\n```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> main\n"
    assert rules(text, "PM005") == [(4, 1), (6, 1), (8, 1)]


# -- PM006 broken-anchor ----------------------------------------------------------------


def test_pm006_anchors() -> None:
    text = (
        "# Issue Summary\n\n## Root Cause & Resolution\n\n## Timeline\n\n## Timeline\n\n"
        '<a id="custom"></a>\n\n'
        "[a](#issue-summary) [b](#root-cause--resolution) [c](#timeline-1) [d](#custom)\n"
        "[e](#Timeline) [f](#nope) `[g](#nope)`\n"
    )
    assert rules(text, "PM006") == [(12, 20)]
    assert messages(text, "PM006") == [
        "link to '#nope' matches no heading: no heading has this anchor"
    ]


def test_pm006_disguised_headings_have_no_anchor() -> None:
    assert len(rules("**Timeline:**\n\n[t](#timeline)\n", "PM006")) == 1


# -- PM007 indented-prose ---------------------------------------------------------------


def test_pm007_prose_not_code() -> None:
    prose = "# T\n\n    The database ran out of disk space and the service stopped.\n"
    assert rules(prose, "PM007") == [(3, 1)]
    code = "# T\n\n    sudo service nginx restart; echo $?\n    cat /etc/nginx/nginx.conf\n"
    assert rules(code, "PM007") == []
    tab = "# T\n\n\tThe database ran out of disk space and the service stopped.\n"
    assert "with a tab" in messages(tab, "PM007")[0]


# -- PM103 impact, PM104 root-cause-summary ----------------------------------------------


@pytest.mark.parametrize(
    ("summary", "fires"),
    [
        ("The API returned errors to 35% of users.", 0),
        ("The checkout page failed for 1,200 customers.", 0),
        ("All users saw errors on the website.", 0),
        ("The site returned errors to forty percent of visitors.", 1),
        ("Some people had problems for a while.", 2),
        ("It was slow for some of them.", 1),
    ],
)
def test_pm103_impact(summary: str, fires: int) -> None:
    assert len(rules(f"## Issue Summary\n\n{summary}\n", "PM103")) == fires


def test_pm104_root_cause_in_summary() -> None:
    assert rules("## Issue Summary\n\nThe outage was caused by a full disk.\n", "PM104") == []
    assert rules("## Issue Summary\n\nThe site was down.\n", "PM104") == [(1, 1)]
    assert rules("# No summary here\n", "PM104") == []


# -- PM301 root-cause-detail ------------------------------------------------------------

WORDS = " ".join(["word"] * 30)


def test_pm301_split_by_label_and_by_sections() -> None:
    combined = f"## Root Cause and Resolution\n\n{WORDS}\n\nResolution: {WORDS}\n"
    assert rules(combined, "PM301") == []
    short_fix = f"## Root Cause and Resolution\n\n{WORDS}\n\n**Fix:** restarted it.\n"
    assert messages(short_fix, "PM301") == [
        "the resolution is explained in 3 words; give at least 30 (27 more)"
    ]
    separate = f"## Root Cause\n\n{WORDS}\n\n## Resolution\n\nWe fixed it.\n"
    assert rules(separate, "PM301") == [(5, 1)]


def test_pm301_unsplit_section_needs_both_and_a_fix() -> None:
    unsplit = f"## Root Cause and Resolution\n\n{WORDS} {WORDS}\n"
    assert messages(unsplit, "PM301") == [
        "'Root Cause and Resolution' does not say how the issue was resolved"
    ]
    assert rules(f"## Root Cause and Resolution\n\n{WORDS} {WORDS} restored.\n", "PM301") == []


# -- PM401 task-list --------------------------------------------------------------------


def test_pm401_tasks_labels_and_code() -> None:
    labelled = (
        "## Corrective and Preventative Measures\n\n- Tasks:\n  - add alert\n"
        "  - rotate logs\n  - [ ] write runbook\n"
    )
    assert rules(labelled, "PM401") == []
    only_label = "## Corrective and Preventative Measures\n\n- Tasks:\n- add alert\n"
    assert rules(only_label, "PM401") == [(1, 1)]


# -- PM501 word-count -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (399, "399 words, 1 under the 400 minimum: add detail to reach 400"),
        (400, None),
        (600, None),
        (612, "612 words, 12 over the 600 limit: cut 12"),
    ],
)
def test_pm501_limits(words: int, message: str | None) -> None:
    text = " ".join(["word"] * words) + "\n"
    assert messages(text, "PM501") == ([message] if message else [])


SPANS: dict[str, list[tuple[str, int, int, int, int, str]]] = {
    "time-mistakes.md": [
        ("PM601", 5, 6, 5, 26, "Monday, June 9, 2023"),
        ("PM602", 5, 63, 5, 66, "PST"),
        ("PM102", 5, 74, 5, 81, "4 hours"),
        ("PM203", 14, 3, 14, 11, "10:00 AM"),
        ("PM202", 16, 3, 16, 11, "10:05 AM"),
        ("PM603", 18, 3, 18, 11, "13:20 PM"),
        ("PM205", 19, 3, 19, 10, "6:15 PM"),
        ("PM402", 42, 7, 42, 23, "Be more careful."),
    ],
    "conflict.md": [
        ("PM006", 6, 11, 6, 21, "#time-line"),
        ("PM006", 7, 23, 7, 49, "#Root Cause and Resolution"),
        ("PM005", 12, 1, 12, 13, "<<<<<<< HEAD"),
        ("PM005", 15, 1, 15, 8, "======="),
        ("PM005", 18, 1, 18, 27, ">>>>>>> feature/postmortem"),
        ("PM007", 32, 1, 35, 52, ""),
    ],
    "bold-headings.md": [
        ("PM002", 3, 1, 3, 19, "**Issue Summary:**"),
        ("PM002", 10, 1, 10, 12, "*Timeline:*"),
        ("PM002", 19, 1, 19, 30, "__Root Cause and Resolution__"),
        ("PM002", 32, 1, 32, 41, "**Corrective and Preventative Measures**"),
    ],
}


@pytest.mark.parametrize("name", sorted(SPANS))
def test_fixture_spans_point_at_the_text(name: str) -> None:
    """Start and end of each finding, and the source text between them."""
    lines = fixture(name).read_text(encoding="utf-8").split("\n")
    found = []
    for v in lint_file(fixture(name)):
        text = lines[v.line - 1][v.column - 1 : v.end_column - 1] if v.line == v.end_line else ""
        found.append((v.rule, v.line, v.column, v.end_line, v.end_column, text))
    assert found == SPANS[name]


def test_one_defect_one_finding() -> None:
    empty = doc().replace("## Timeline\n\ntext\n", "## Timeline\n\n")
    assert [(v.rule, v.line) for v in lint_text(empty) if v.line == 7] == [("PM004", 7)]
    prose = doc().replace(
        "## Timeline\n\ntext\n", "## Timeline\n\nIt broke at 10:00 and we fixed it.\n"
    )
    at_timeline = {v.rule for v in lint_text(prose) if v.line == 7}
    assert at_timeline == {"PM201"}


def test_pm001_section_numbering_words() -> None:
    assert rules(doc(c="Section 4: Corrective and Preventative Measures"), "PM001") == []


def test_empty_summary_is_one_finding_and_a_skeleton_is_a_stub() -> None:
    empty_summary = doc().replace("## Issue Summary\n\ntext\n", "## Issue Summary\n\n")
    assert {v.rule for v in lint_text(empty_summary) if v.line == 3} == {"PM004"}
    skeleton = "# P\n\n## Issue Summary\n\n## Timeline\n\n## Root Cause and Resolution\n"
    assert [(v.rule, v.message) for v in lint_text(skeleton)] == [
        ("PM001", "file has section headings but no text under them: write the postmortem")
    ]


def test_pm004_says_when_the_text_is_indented_into_code() -> None:
    text = doc().replace("## Timeline\n\ntext\n", "## Timeline\n\n    - 10:00 alert fired\n")
    assert messages(text, "PM004") == [
        "section 'Timeline' has no text: it is indented and renders as code (see PM007)"
    ]


def test_pm006_a_bare_hash_is_the_top_of_the_page() -> None:
    assert rules("# T\n\n[back to top](#)\n\n## Timeline\n\ntext\n", "PM006") == []


def test_a_heading_swallowed_by_html_counts_and_pm002_says_why() -> None:
    text = doc().replace("## Issue Summary\n", '<img src="logo.png">\n## Issue Summary\n')
    assert messages(text, "PM001") == []
    assert messages(text, "PM002") == [
        "'## Issue Summary' renders as text: it comes right after HTML with no blank line; "
        "put a blank line before it"
    ]


def test_pm006_link_titles_are_not_part_of_the_anchor() -> None:
    text = '# T\n\n[Go](#timeline "jump down")\n\n## Timeline\n\ntext\n'
    assert rules(text, "PM006") == []


def test_text_after_an_html_comment_is_read() -> None:
    text = "## Issue Summary\n\n<!-- draft --> On Monday, June 9, 2023 it failed.\n"
    assert [v.rule for v in lint_text(text) if v.rule == "PM601"] == ["PM601"]


def test_pm201_names_times_run_together_in_prose() -> None:
    prose = "At 10:00 UTC it broke, at 10:20 UTC we looked, at 11:00 UTC it was fixed.\n"
    text = doc().replace("## Timeline\n\ntext\n", f"## Timeline\n\n{prose}")
    assert messages(text, "PM201") == [
        "'Timeline' is written as prose with 3 times run together; list at least 3 entries, "
        "one per line, each a time then what happened, e.g. '- 10:15 UTC: alert fired on web-01'"
    ]


def test_pm501_mentions_words_hidden_by_indentation() -> None:
    hidden = "    " + " ".join(["word"] * 50) + "\n"
    text = " ".join(["word"] * 350) + "\n\n" + hidden
    assert messages(text, "PM501") == [
        "350 words, 50 under the 400 minimum: add detail to reach 400 (50 more words are "
        "indented into code blocks and not counted: see PM007)"
    ]


def test_a_section_name_run_into_a_list_item_counts_and_pm002_says_so() -> None:
    text = "## Issue Summary\n\n- Duration: two hours\nTimeline:\n- 10:00 alert fired\n"
    assert not [m for m in messages(text, "PM001") if "Timeline" in m]
    assert [(v.line, v.message) for v in lint_text(text, select={"PM002"})] == [
        (
            4,
            "'Timeline:' is a plain line, not a heading; it runs on from the line above: "
            "write '## Timeline' after a blank line",
        )
    ]
    fixed = fix_text(text).text
    assert "\n## Timeline\n- 10:00 alert fired" in fixed
    assert rules(fixed, "PM002") == []


def test_pm006_suggests_a_close_anchor() -> None:
    text = "# T\n\n[t](#timeline)\n\n## Timeline (PDT)\n\ntext\n"
    assert messages(text, "PM006") == [
        "link to '#timeline' matches no heading: did you mean '#timeline-pdt'?"
    ]


def test_pm401_counts_the_rows_of_an_action_item_table() -> None:
    table = (
        "| Action | Owner | Ticket |\n| --- | --- | --- |\n"
        "| Add a disk alert at 80% on db-01 | @ana | OPS-12 |\n"
        "| Pin the nginx version in the image | @li | OPS-13 |\n"
    )
    text = doc(c="Corrective and Preventative Measures").replace(
        "## Corrective and Preventative Measures\n\ntext\n",
        f"## Corrective and Preventative Measures\n\n{table}",
    )
    assert "lists 2 tasks" in " ".join(messages(text, "PM401"))
    more = text + "| Run the config test in CI before deploys | @sam | OPS-14 |\n"
    assert messages(more, "PM401") == []


def test_pm009_reports_each_line_with_a_placeholder() -> None:
    found = [
        (v.line, v.column, v.message)
        for v in lint_file(fixture("placeholders.md"), select={"PM009"})
    ]
    assert found == [
        (1, 15, "placeholder 'REPLACE:' left in: fill it in"),
        (13, 3, "placeholder 'HH:mm' left in: fill it in"),
        (
            14,
            3,
            "placeholder '??:??' left in: fill it in (a time nobody knows: say so, e.g. "
            "'~14:00' or 'time unknown')",
        ),
        (18, 1, "placeholder 'TBD' left in: fill it in"),
    ]
    quiet = "# P\n\nTo do: a list like a TODO, tbd in lower case, https://x.example/TBD/page.\n"
    assert lint_text(quiet, select={"PM009"}) == []
    disabled = "# P\n\n<!-- postmortem-lint disable-next-line PM009 -->\nTBD\n\nFIXME later\n"
    assert [v.line for v in lint_text(disabled, select={"PM009"})] == [6]


def _team(pack: str) -> object:
    from postmortem_lint.config import load, pack_path

    return load(pack_path(pack))


TEAM_ITEMS = "# Incident\n\n## Summary\n\nIt broke.\n\n## Action Items\n\n{items}\n"


def test_pm403_reports_action_items_without_an_owner_once_with_a_count() -> None:
    items = "- Add a disk alert at 80% on db-01\n- Pin nginx (owner: @li)\n- Run the driver tests"
    config = _team("pagerduty")
    found = lint_text(TEAM_ITEMS.format(items=items), config=config, select={"PM403"})  # type: ignore[arg-type]
    assert [(v.line, v.message) for v in found] == [
        (
            7,
            "2 of 3 action items have no owner (the first: 'Add a disk alert at 80% on db-01', "
            "line 9): name an owner for each, e.g. '- [ ] Add a disk alert (owner: @ana, OPS-12)'",
        )
    ]
    owned = (
        "- Add a disk alert @ana\n- Pin nginx (owner: Li)\n- Run tests (assigned to Sam)\n- [x] A"
    )
    assert lint_text(TEAM_ITEMS.format(items=owned), config=config, select={"PM403"}) == []  # type: ignore[arg-type]


def test_pm403_reads_owner_and_ticket_columns_and_links_and_is_off_for_alx() -> None:
    table = (
        "| Action | Owner | Bug |\n| --- | --- | --- |\n"
        "| Add a disk alert at 80% on db-01 | @ana | OPS-12 |\n"
        "| Pin the nginx version in the image | @li |  |\n"
        "| Rotate the keys | @cy | [ticket](https://jira.example/browse/SEC-1) |\n"
        "| Fix UTF-8 decoding in the importer | @di | n/a |\n"
        "| Old item | @ed | Done |\n"
    )
    found = lint_text(TEAM_ITEMS.format(items=table), config=_team("google-sre"), select={"PM403"})  # type: ignore[arg-type]
    assert [v.message.split(":")[0] for v in found] == [
        "2 of 4 action items have no ticket (the first"
    ]
    alx = TEAM_ITEMS.format(items="- Add a disk alert").replace(
        "Action Items", "Corrective and Preventative Measures"
    )
    assert [v.rule for v in lint_text(alx) if v.rule == "PM403"] == []


def test_pm203_reads_the_zone_in_a_timeline_table_header() -> None:
    text = (
        "# T\n\n## Summary\n\nOn 2024-03-02 from 10:00 to 11:00 CET the API failed for 20% of "
        "users.\n\n"
        "## Timeline\n\n| Time (CET) | Event |\n| --- | --- |\n| 10:00 | alert fired on api |\n"
        "| 10:30 | rolled back the deploy |\n| 11:00 | errors stopped for users |\n"
    )
    assert rules(text, "PM203") == []
    assert rules(text.replace("| Time (CET) |", "| Time |"), "PM203") == [(11, 3)]


def test_pm009_prefilter_lets_every_placeholder_through() -> None:
    import re

    from postmortem_lint.checks import placeholder
    from postmortem_lint.checks.helpers import folded, may_hold

    # what each shape of _CLOCK needs is in the prefilter's list
    for written in ("HH:MM", "h:mm", "??:??", "XX:XX", "--:--", "9:??", "??:05", "1X:XX", "9:xx"):
        assert placeholder._CLOCK().search(written), written
        assert any(needed in folded(written) for needed in placeholder._CLOCK_NEEDS)
    # a word in a case the pattern takes, with the letters it takes for ASCII ones
    for text in (
        "Lorem IPSUM",
        "lorem ip\u017fum",
        "[\u0130nsert here]",
        "[\u0131nsert here]",
        "fixme",
    ):
        pattern = placeholder._pattern(("Lorem ipsum", "[insert", "fixme"))
        assert pattern is not None and pattern.search(text), text
        assert may_hold(folded(text), ("Lorem ipsum", "[insert", "fixme"))
    # every character a case-blind regex takes for an ASCII letter folds to that letter
    letters = {letter: re.compile(letter, re.IGNORECASE) for letter in "abcdefghijklmnopqrstuvwxyz"}
    for char in map(chr, range(0x80, 0x2200)):
        seen = folded(char)
        assert all(letter in seen for letter, p in letters.items() if p.fullmatch(char)), char


@pytest.mark.parametrize(
    "text",
    [
        "OPS-123",
        "#1234",
        "b/123456",
        "flutter/plugins#1127",
        "https://x.example/1",
        "WWW.example.com",
    ],
)
def test_a_ticket_or_url_holds_what_the_helpers_look_for_first(text: str) -> None:
    from postmortem_lint.checks import helpers

    assert helpers.TICKET.search(text) or helpers.URL.search(text)
    assert any(mark in text for mark in "-#/") or helpers._may_link(text)
    assert helpers.references_only(text)
    if helpers.URL.search(text):
        assert helpers._may_link(text) and helpers.blank_urls(text).strip() == ""


def test_words_beyond_ascii_are_found_in_any_case(tmp_path: Path) -> None:
    from postmortem_lint.config import load

    config = tmp_path / ".postmortem-lint.yaml"
    config.write_text(
        "rules:\n  PM009:\n    placeholders: [yaz\u0131lacak]\n"
        "  PM701:\n    blame-words: [dikkats\u0131z]\n",
        encoding="utf-8",
    )
    text = "# P\n\nS\u00fcre: YAZILACAK\n\nOperat\u00f6r D\u0130KKATSIZ davrand\u0131.\n"
    found = lint_text(text, config=load(config), select={"PM009", "PM701"})
    assert [(v.rule, v.line) for v in found] == [("PM009", 3), ("PM701", 5)]


def test_a_pattern_on_first_use_is_compiled_when_first_asked_for_and_then_kept() -> None:
    from postmortem_lint._text import on_first_use

    broken = on_first_use("(")  # not compiled yet: no error
    with pytest.raises(re.error):
        broken()
    lazy = on_first_use("a+", re.IGNORECASE)
    first = lazy()
    re.purge()  # re's own cache forgotten: the same object still comes back
    assert lazy() is first and first.fullmatch("aA")
