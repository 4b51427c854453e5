"""The document model: section tree, disguised headings, blocks, encodings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from postmortem_lint.document import DecodeError, Stub, StubKind, count_words, decode, parse
from postmortem_lint.sections import Role


def outline(text: str) -> list[tuple[int, str, str | None, str | None, int]]:
    return [(s.level, s.title, s.key, s.disguise, s.line) for s in parse(text).sections]


def test_atx_setext_and_html_headings_form_a_tree() -> None:
    doc = parse("# Report\n\nIntro.\n\nTimeline\n--------\n\n<h2>Issue Summary</h2>\n\ntext\n")
    assert outline(doc.text) == [
        (1, "Report", None, None, 1),
        (2, "Timeline", "timeline", None, 5),
        (2, "Issue Summary", "summary", None, 8),
    ]
    report = doc.sections[0]
    assert [child.title for child in report.children] == ["Timeline", "Issue Summary"]
    assert doc.sections[1] in report.children
    assert doc.sections[1].end_line == 7


@pytest.mark.parametrize(
    ("text", "disguise", "title"),
    [
        ("**Issue Summary:**\n\nbody\n", "emphasis", "Issue Summary"),
        ("*Timeline*:\n\nbody\n", "emphasis", "Timeline"),
        ("__Root Cause and Resolution__\n\nbody\n", "emphasis", "Root Cause and Resolution"),
        ("#Timeline:\n\nbody\n", "no-space", "Timeline"),
        ("+ Issue Summary:\n\n- Duration: two hours\n", "list-item", "Issue Summary"),
        ("- **Timeline**\n- 10:00 alert\n", "list-item", "Timeline"),
        ("Intro line.\nTimeline:\n10:00 alert fired\n", "plain", "Timeline"),
        (
            "Corrective and preventive measures\n\n- add alert\n",
            "plain",
            "Corrective and preventive measures",
        ),
    ],
)
def test_disguised_headings_become_sections(text: str, disguise: str, title: str) -> None:
    doc = parse(text)
    found = [s for s in doc.sections if s.disguise == disguise]
    assert [s.title for s in found] == [title]


@pytest.mark.parametrize(
    "text",
    [
        "**The database ran out of disk space and stopped accepting writes.**\n",
        "- [Timeline](#timeline)\n",
        "Impact: the alert fired at 10:00 and we fixed it by noon.\n",  # no section of the pack
        "It broke.\nTimeline: the alert fired at 10:00.\n",  # not where a paragraph opens
        "#1 priority was to restore service.\n",
        "```\n## Timeline\n```\n",
        "> **Timeline**\n",
    ],
)
def test_look_alikes_are_not_headings(text: str) -> None:
    assert parse(text).sections == ()


def test_a_plain_label_of_a_required_section_with_text_after_it() -> None:
    alone = parse("Timeline: the alert fired at 10:00 and we fixed it by noon.\n")
    assert [(s.title, s.key, s.disguise) for s in alone.sections] == [
        ("Timeline", "timeline", "inline")
    ]
    assert alone.sections[0].blocks[0].text == "the alert fired at 10:00 and we fixed it by noon."
    both = parse("## Issue Summary\n\nTimeline: short.\n\n## Timeline\n\n- 10:00 it broke\n")
    assert [(s.title, s.key) for s in both.sections] == [
        ("Issue Summary", "summary"),
        ("Timeline", None),  # a field of the summary: the real Timeline comes later
        ("Timeline", "timeline"),
    ]


def test_text_after_a_disguised_heading_belongs_to_it() -> None:
    doc = parse("+ Issue Summary:\n\n- Impact: 40% of users\n  - nested detail\n\n+ Timeline:\n")
    summary = doc.section(Role.SUMMARY)
    assert summary is not None
    assert [b.text for b in summary.blocks] == ["Impact: 40% of users", "nested detail"]
    assert [b.depth for b in summary.blocks] == [1, 2]


def test_paragraph_split_at_a_plain_heading_line_keeps_line_numbers() -> None:
    doc = parse("Intro words here.\nTimeline:\n10:00 UTC alert fired\n")
    timeline = doc.section(Role.TIMELINE)
    assert timeline is not None and timeline.line == 2
    assert [(b.line, b.text) for b in timeline.blocks] == [(3, "10:00 UTC alert fired")]
    assert [(b.line, b.text) for b in doc.root.blocks] == [(1, "Intro words here.")]


def test_blocks_items_tasks_rows_and_code() -> None:
    text = (
        "## Corrective and Preventative Measures\n\n"
        "- [ ] add alert\n- [x] rotate logs\n  1. nested step\n\n"
        "| Time | Event |\n|---|---|\n| 10:00 | alert |\n\n"
        "```\ncode here\n```\n\n    indented code\n"
    )
    doc = parse(text)
    kinds = [(b.kind, b.line, b.task, b.checked, b.depth) for b in doc.blocks]
    assert kinds == [
        ("item", 3, True, False, 1),
        ("item", 4, True, True, 1),
        ("item", 5, False, False, 2),
        ("row", 7, False, False, 0),
        ("row", 9, False, False, 0),
        ("code", 11, False, False, 0),
        ("code", 15, False, False, 0),
    ]
    assert doc.blocks[0].text == "add alert"
    assert doc.blocks[3].header and doc.blocks[4].cells == ("10:00", "alert")
    assert doc.blocks[6].indented and not doc.blocks[5].indented
    assert doc.code_lines == frozenset({11, 12, 13, 15})


def test_bom_crlf_and_front_matter() -> None:
    text = "\ufeff---\ntitle: x\n---\r\n# Issue Summary\r\nOne two three.\r\n"
    doc = parse(text)
    assert outline(text) == [(1, "Issue Summary", "summary", None, 4)]
    assert doc.lines[3] == "# Issue Summary"
    assert doc.words == 5


def test_word_count_rules() -> None:
    text = (
        "# Title here\n\nSee https://example.com and [the docs](https://x.io) now.\n\n"
        "![alt words](pic.png)\n\n<!-- hidden words -->\n\n```\nnot counted\n```\n\n"
        "| a b | c |\n|---|---|\n| 10:00 | - |\n"
    )
    # Title here / See and the docs now. / a b c / 10:00
    assert parse(text).words == 2 + 5 + 3 + 1


def test_count_words() -> None:
    assert count_words("A - b | 5xx 10:00 https://x.y/z") == 4


def test_conflict_markers_do_not_make_setext_headings() -> None:
    doc = parse("<<<<<<< HEAD\nImpact: text\n=======\nOther\n>>>>>>> abc\n")
    assert doc.sections == ()


def test_unclosed_fence_is_recorded() -> None:
    assert parse("# T\n\n```\ncode\n## Timeline\n").unclosed_fence == 3
    assert parse("# T\n\n```\ncode\n```\n").unclosed_fence is None


@pytest.mark.parametrize(
    ("text", "stub"),
    [
        ("", Stub(StubKind.EMPTY)),
        ("\n\n   \n", Stub(StubKind.EMPTY)),
        (
            "# 0x19. Postmortem\n\n[My postmortem](https://medium.com/@me/outage-123)\n",
            Stub(StubKind.LINK, 3, "medium.com"),
        ),
        (
            "https://docs.google.com/document/d/abc/edit\n",
            Stub(StubKind.LINK, 1, "docs.google.com"),
        ),
        ("# Issue Summary\n\n[details](https://medium.com/x)\n", None),
        ("# Postmortem\n", Stub(StubKind.SHORT)),
        (
            "# P\n\nFrom 10:00 to 11:00 UTC https://api.example.com was down.\n",
            Stub(StubKind.SHORT),
        ),
        ("# P\n\n## Issue Summary\n\nTODO\n\n## Timeline\n\nTBD\n", Stub(StubKind.SKELETON)),
        ("# Postmortem\n\nThis is my readme for the project.\n", Stub(StubKind.SHORT)),
        ("# Postmortem\n\n```\nall of it in a fence\n", None),
    ],
)
def test_stub_files(text: str, stub: Stub | None) -> None:
    assert parse(text).stub == stub


def test_decode_rejects_binary_and_other_encodings() -> None:
    assert decode(b"\xef\xbb\xbfhi") == "hi"
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(DecodeError, match="byte 0xe9 at offset 3"):
        decode(b"caf\xe9")


def test_locate_maps_block_offsets_to_source_columns() -> None:
    doc = parse("- **Duration:** June 9, 10:00 to 11:00 UTC\n")
    block = doc.blocks[0]
    start = block.text.index("June")
    assert doc.locate(block, start, start + 7) == (1, 17, 1, 24)


def test_bold_labels_become_subsections_of_the_section_they_sit_in() -> None:
    text = (
        "## Issue Summary\n\n**Duration:**\n\nJune 9, 10:00 to 11:00 UTC\n\n**Impact**\n\n"
        "Half of users\n\n**Timeline:**\n\n- 10:00 alert\n"
    )
    assert outline(text) == [
        (2, "Issue Summary", "summary", None, 1),
        (3, "Duration", None, "emphasis", 3),
        (3, "Impact", None, "emphasis", 7),
        (2, "Timeline", "timeline", "emphasis", 11),
    ]
    summary = parse(text).section(Role.SUMMARY)
    assert summary is not None and summary.words == 11


def test_a_section_name_used_as_a_field_stays_in_its_section() -> None:
    text = (
        "## Issue Summary\n\nThe site failed.\n\n**Root Cause:**\n\nA full disk.\n\n"
        "## Timeline\n\n- 10:00 alert\n\n## Root Cause and Resolution\n\ntext\n"
    )
    assert outline(text) == [
        (2, "Issue Summary", "summary", None, 1),
        (3, "Root Cause", None, "emphasis", 5),
        (2, "Timeline", "timeline", None, 9),
        (2, "Root Cause and Resolution", "root-cause-resolution", None, 13),
    ]
    alone = "## Issue Summary\n\ntext\n\n**Root Cause:**\n\nA full disk.\n"
    assert outline(alone)[1] == (2, "Root Cause", "root-cause", "emphasis", 5)


def test_a_real_subheading_used_as_a_field_stays_in_its_section() -> None:
    text = (
        "## Issue Summary\n\ntext\n\n### Root Cause\n\nA full disk.\n\n"
        "## Timeline\n\n- 10:00 alert\n\n## Root Cause and Resolution\n\ntext\n"
    )
    assert [(s.title, s.key) for s in parse(text).sections] == [
        ("Issue Summary", "summary"),
        ("Root Cause", None),
        ("Timeline", "timeline"),
        ("Root Cause and Resolution", "root-cause-resolution"),
    ]


def test_section_names_listed_in_a_paragraph_are_not_headings() -> None:
    text = "# Postmortem\nWhat a postmortem holds:\n\tIssue Summary\n\tTimeline\n"
    assert [s.title for s in parse(text).sections] == ["Postmortem"]


def test_html_list_items_are_list_items() -> None:
    doc = parse(
        "## Corrective and Preventative Measures\n\n"
        "<ul>\n<li>Add an alert</li>\n<li>Rotate logs</li>\n</ul>\n"
    )
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        ("item", "Add an alert", 4),
        ("item", "Rotate logs", 5),
    ]


def test_a_part_label_before_the_timeline_is_a_summary_field() -> None:
    text = (
        "Issue Summary:\nThe site failed for 30% of users.\n\nRoot Cause:\nA bad config.\n\n"
        "Timeline:\n- 10:00 alert\n\nResolution:\nRolled back.\n"
    )
    assert [(s.title, s.key, s.level) for s in parse(text).sections] == [
        ("Issue Summary", "summary", 2),
        ("Root Cause", None, 3),
        ("Timeline", "timeline", 2),
        ("Resolution", "resolution", 2),
    ]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("\N{ALARM CLOCK} Timeline of Chaos:", "timeline"),
        ("Timeline (all hours, Pacific time)", "timeline"),
        ("Act 2: Timeline", "timeline"),
        ("Lessons learned", None),
        ("Acknowledgements", None),
    ],
)
def test_titles_naming_a_section_with_more_words(title: str, key: str | None) -> None:
    assert [s.key for s in parse(f"## {title}\n\ntext\n").sections] == [key]


@pytest.mark.parametrize(
    ("make", "small"),
    [
        (lambda n: "<!--\n" * n, 5000),  # a regex rescanned the rest of the text per <!--
        (lambda n: "<!--" * n + "x\n", 4000),  # a tag regex rescanned the line per <
        (lambda n: "## Issue Summary\n\n" + "1," * n + "\n", 2000),  # PM103's counts
        (lambda n: "## Timeline\n\n- " + "10:" * n + "\n", 2000),  # PM502's URLs
        (lambda n: "## Issue Summary\n\n" + "](#" * n + "\n", 2000),  # PM006's links
        (lambda n: "<h1>" * n + "\n", 2000),  # HTML headings never closed
        (lambda n: "<h1>" * n + "</h2>\n", 2000),  # ... nor closed at their own level
    ],
)
def test_pathological_runs_cost_linear_time(make: Callable[[int], str], small: int) -> None:
    """Each once grew quadratically; the cost of 4x the input must stay near 4x, far from
    the 16x of quadratic (a ratio, never an absolute time)."""
    import time

    from postmortem_lint import lint_text

    def cost(size: int) -> float:
        text = make(size)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            lint_text(text)
            runs.append(time.perf_counter() - start)
        return max(min(runs), 0.005)

    assert cost(small * 4) / cost(small) < 9


def test_the_section_tree_is_built_in_linear_time() -> None:
    """Each section's end is found as the tree is built (a search of the headings after
    each one was quadratic: 10⁵ headings took minutes)."""
    import time

    from postmortem_lint import config
    from postmortem_lint.document import _source, _tree, _walk

    catalogue = config.load().catalogue

    def cost(count: int) -> float:
        text = "".join(f"## Part {i}\n\n### Detail {i}\n\n" for i in range(count))
        source = _source.read(text)
        events = _tree.settle(_walk.walk(source.lines, source.parsed, catalogue).events, catalogue)
        runs = []
        for _ in range(3):
            start = time.process_time()
            _root, sections = _tree.build(events, catalogue, len(source.lines))
            runs.append(time.process_time() - start)
        assert len(sections) == 2 * count and sections[0].end_line == 4
        assert sections[-1].end_line == len(source.lines)
        return max(min(runs), 0.002)

    assert cost(6000) / cost(1500) < 8  # linear: 4; quadratic: 16


def test_misspelt_names_are_matched_up_to_a_bound() -> None:
    """A misspelt section name is recognised among the first FUZZY_NAMES name lookups of a
    file (headings, and lines that may be headings in disguise: list items, bold lines);
    past them names are matched exactly, which bounds the cost of 10⁵ of them."""
    from postmortem_lint.document import parse
    from postmortem_lint.document._walk import FUZZY_NAMES

    def key(text: str, title: str) -> str | None:
        (section,) = [s for s in parse(text).sections if s.title == title]
        return section.spec.id if section.spec else None

    assert key("## Issue Sumary\n\ntext\n", "Issue Sumary") == "summary"
    assert key("**Issue Sumary**\n\ntext\n", "Issue Sumary") == "summary"
    headings = "".join(f"## Part {i}\n\n" for i in range(FUZZY_NAMES))
    items = "".join(f"- item {i}\n" for i in range(FUZZY_NAMES)) + "\n"
    bold = "".join(f"**Bold line {i}**\n\n" for i in range(FUZZY_NAMES))
    for filler in (headings, items, bold):
        assert key(filler + "## Issue Sumary\n\ntext\n", "Issue Sumary") is None
        assert key(filler + "**Issue Sumary**\n\ntext\n", "Issue Sumary") is None
        assert key(filler + "## Issue Summary\n\ntext\n", "Issue Summary") == "summary"
    few = "".join(f"- item {i}\n" for i in range(FUZZY_NAMES // 2)) + "\n"
    assert key(few + "## Issue Sumary\n\ntext\n", "Issue Sumary") == "summary"
    # only a lookup spends one: sentences and long items are never looked up
    prose = "".join(f"It restarted at step {i} of the rollout.\n" for i in range(FUZZY_NAMES))
    item = "- one\n" + "".join(f"  and then step {i} of it.\n" for i in range(FUZZY_NAMES))
    for filler in (prose, item):
        assert key(filler + "\n## Issue Sumary\n\ntext\n", "Issue Sumary") == "summary"


def test_a_label_run_on_from_a_list_item_is_looked_up_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each lookup spends one of the file's FUZZY_NAMES: a label split off an item is
    looked up when it is found, not again when its section starts."""
    from postmortem_lint.document import _walk, parse

    asked: list[str] = []
    match = _walk._Walker._match

    def spy(walker: _walk._Walker, title: str) -> str | None:
        asked.append(title)
        return match(walker, title)

    monkeypatch.setattr(_walk._Walker, "_match", spy)
    doc = parse("# P\n\n- restart the API\n**Timeline**\n\n10:00 down\n")
    assert [(s.title, s.key) for s in doc.sections] == [("P", None), ("Timeline", "timeline")]
    assert asked.count("Timeline") == 1


def test_a_sentence_is_not_looked_up_as_a_section_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain line ending as a sentence is no heading in disguise: it is not matched to
    the pack's names (in a file of 10⁵ headings, each with a sentence under it, those
    misspelt-name lookups once took most of the time)."""
    from postmortem_lint.config import default_catalogue

    catalogue = default_catalogue()
    asked: list[str] = []
    match = catalogue.match

    def spy(title: str, fuzzy: bool = True) -> str | None:
        asked.append(title)
        return match(title, fuzzy)

    monkeypatch.setattr(catalogue, "match", spy)
    text = "## Heading 1\n\nSome text 1.\n\nTimeline\n\n- 10:00 alert\n"
    assert [s.key for s in parse(text, catalogue).sections] == [None, "timeline"]
    assert "Heading 1" in asked and "Timeline" in asked
    assert "Some text 1." not in asked


def test_a_document_and_its_sections_say_what_they_are_in_a_line() -> None:
    doc = parse("# Postmortem\n\n## Timeline\n\n- 10:00 UTC: paged\n")
    assert repr(doc) == "Document(5 lines, 2 sections)"
    assert repr(doc.sections[1]) == "Section('Timeline', level=2, line=3)"
