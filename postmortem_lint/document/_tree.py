"""From the walk's flat list to a section tree: tables of contents given back, fields of
sections told apart from sections, levels given to disguised headings."""

from __future__ import annotations

from dataclasses import dataclass, field

from postmortem_lint import timegrammar as tg
from postmortem_lint.document._disguise import Heading
from postmortem_lint.document._model import Block, BlockKind, Disguise, Section
from postmortem_lint.document._words import count_words
from postmortem_lint.sections import Catalogue, Role

Event = Heading | Block


def settle(events: list[Event], catalogue: Catalogue) -> list[Event]:
    """The events with contents lists given back as text, fields unkeyed, levels set."""
    events = _drop_contents_lists(events, catalogue)
    headings = [event for event in events if isinstance(event, Heading)]
    for heading in headings:
        if heading.key is not None:
            others = (key for key in catalogue.names(heading.title) if key != heading.key)
            heading.keys = (heading.key, *others)
    _nested_fields(headings, catalogue)
    _level_disguised(headings, catalogue)
    _nest_parts(events, catalogue)
    _nest_days(headings, catalogue)
    return events


def _nest_days(headings: list[Heading], catalogue: Catalogue) -> None:
    """Day headings written at the timeline's own level right after it (``## Timeline``,
    then ``## May 12`` with ``### 20:15`` entries under it) go one level below it, with
    everything under them: a reader sees the days as the timeline's parts."""
    timeline: Heading | None = None
    days = False  # a day heading has been moved under the timeline
    for heading in headings:
        spec = catalogue.by_id.get(heading.key or "")
        if spec is not None:
            timeline, days = (heading if spec.role is Role.TIMELINE else None), False
        elif timeline is not None and heading.level <= timeline.level:
            days = tg.bare_date(heading.title) is not None
            timeline = timeline if days else None
        if days:
            heading.level = min(heading.level + 1, 6)


def _nest_parts(events: list[Event], catalogue: Catalogue) -> None:
    """Headings of a section's parts written at its own level right under it (an empty
    ``## Root Cause and Resolution``, then ``## Root Cause`` and ``## Resolution``) go one
    level below it: a reader sees them as its content."""
    whole: Heading | None = None
    nested = False  # a part has been moved under the whole
    for event in events:
        if isinstance(event, Block):
            if whole is not None and not nested:
                whole = None  # the whole has text of its own: its parts are siblings
            continue
        if (
            whole is not None
            and event.level == whole.level
            and catalogue.is_part(event.key, whole.key)
        ):
            event.level, nested = min(whole.level + 1, 6), True
            continue
        spec = catalogue.by_id.get(event.key or "")
        whole, nested = (event, False) if spec and spec.parts else (None, False)


def _drop_contents_lists(events: list[Event], catalogue: Catalogue) -> list[Event]:
    """Section names listed one after another (list items, or lines of a paragraph) are
    a table of contents or an outline, not headings: they go back to what they were. A
    section's name followed by one of its parts' or another of its own names is a heading
    and its first label."""

    def listed(index: int, other: int) -> bool:
        one, two = events[index], events[other] if 0 <= other < len(events) else None
        if not (isinstance(one, Heading) and isinstance(two, Heading)):
            return False
        if one.original is None or two.original is None:
            return False
        # a heading and its own sub-label (another of its names, or a part) are no list
        related = one.key == two.key or catalogue.is_part(one.key, two.key)
        if related or catalogue.is_part(two.key, one.key):
            return False
        gap = 2 if one.disguise is Disguise.LIST_ITEM else 1  # loose lists leave a blank line
        return abs(one.line - two.line) <= gap

    return [
        event.original
        if isinstance(event, Heading)
        and event.original is not None
        and (listed(index, index - 1) or listed(index, index + 1))
        else event
        for index, event in enumerate(events)
    ]


class _Fields:
    """Tells a section name used as a field inside another section from a section."""

    def __init__(self, headings: list[Heading], catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.rank = catalogue.rank()
        self.place = {id(heading): index for index, heading in enumerate(headings)}
        self.keys = [heading.key for heading in headings]
        self.count: dict[str, int] = {}  # headings naming each section
        for key in self.keys:
            if key is not None:
                self.count[key] = self.count.get(key, 0) + 1
        self.wholes = {
            part: [spec.id for spec in catalogue.specs if part in spec.parts]
            for spec in catalogue.specs
            for part in spec.parts
        }
        self.last_place = {key: index for index, key in enumerate(self.keys) if key}
        # the lowest rank of any heading after each place
        self.later_rank: list[int] = [len(self.rank)] * (len(headings) + 1)
        for index in range(len(headings) - 1, -1, -1):
            here = self.rank.get(self.keys[index] or "", len(self.rank))
            self.later_rank[index] = min(here, self.later_rank[index + 1])

    def unkey(self, heading: Heading) -> None:
        """Make *heading* a field: it names no section any more."""
        if heading.key is not None:
            self.count[heading.key] -= 1
            heading.key = None

    def is_field(self, heading: Heading, enclosing: Heading | None) -> bool:
        """A section name inside another section that is a field of it: the name comes
        again elsewhere, or it comes before a section that the pack puts first, as a
        "Root Cause:" label in the summary before the Timeline; a part before the section it
        belongs to ("## Root Cause" before "## Root Cause and Resolution"); a bold label
        repeating the name of the real section it sits in."""
        key = heading.key
        if key is None:
            return False
        index = self.place[id(heading)]
        named_again = self.count.get(key, 0) > 1 or any(
            self.count.get(whole, 0) for whole in self.wholes.get(key, ())
        )
        label = heading.disguise is not None and heading.level == 0
        whole_later = any(
            self.last_place.get(whole, -1) > index for whole in self.wholes.get(key, ())
        )
        if enclosing is None:  # before any section: a field when named again in full later
            return whole_later or (label and named_again)
        if label and enclosing.key == key and enclosing.disguise is None:
            return True  # "**Corrective Measures:**" under "## Corrective Measures"
        if enclosing.key in (None, key) or self.catalogue.is_part(key, enclosing.key):
            return False
        if named_again:
            return True
        return key in self.rank and self.later_rank[index + 1] < self.rank[key]


def _nested_fields(headings: list[Heading], catalogue: Catalogue) -> None:
    """A real subheading naming a section that the document has elsewhere, inside
    another section (``### Root Cause`` under Issue Summary), is a field of it."""
    fields = _Fields(headings, catalogue)
    stack: list[Heading] = []
    for heading in headings:
        if heading.level == 0:  # a disguise whose level is decided later
            continue
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        owner = next((e for e in reversed(stack) if e.key is not None), None)
        if fields.is_field(heading, owner):
            fields.unkey(heading)
        stack.append(heading)


def _level_disguised(headings: list[Heading], catalogue: Catalogue) -> None:
    """Give each disguised heading a level: that of real section headings, if any.

    A disguised heading naming a part of the section it follows (Root Cause right after
    Root Cause and Resolution) goes one level below it. A bold label naming no known
    section (``**Duration:**``), or naming one that the document has elsewhere (a
    ``**Root Cause:**`` field in the summary of a file with a Root Cause and Resolution
    section), is a field: a subsection of the section it sits in.
    """
    fields = _Fields(headings, catalogue)
    known = [h.level for h in headings if h.disguise is None and h.key is not None]
    last_real = 1
    current = 0  # level of the section a bold label would sit in
    enclosing: Heading | None = None
    for event in headings:
        if event.disguise is None:
            last_real = event.level
        elif event.level == 0 and (
            fields.is_field(event, enclosing) or _inline_in_real(event, enclosing, catalogue)
        ):
            fields.unkey(event)
        if event.level == 0:  # a field, or a part's label inside its whole: no heading wanted
            event.label = event.key is None or (
                enclosing is not None and catalogue.is_part(event.key, enclosing.key)
            )
        if event.level == 0 and event.key is None:
            event.level = min(current + 1, 6)
            continue
        if event.level == 0:
            event.level = known[0] if known else min(last_real + 1, 6)
            if enclosing is not None and catalogue.is_part(event.key, enclosing.key):
                event.level = min(enclosing.level + 1, 6)
        current = event.level
        if event.key is not None and not catalogue.is_part(
            event.key, enclosing.key if enclosing else None
        ):
            enclosing = event


def _inline_in_real(event: Heading, enclosing: Heading | None, catalogue: Catalogue) -> bool:
    """A bold label with text after it, inside a real section it is no part of, is a
    field of that section (``**Action item:** ...`` under ``## Resolution``)."""
    if event.disguise is not Disguise.INLINE or enclosing is None or enclosing.disguise:
        return False
    return enclosing.key is not None and not catalogue.is_part(event.key, enclosing.key)


@dataclass(repr=False, eq=False)
class _Node:
    heading: Heading | None
    level: int
    line: int
    end_line: int = 0
    children: list[_Node] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def build(
    events: list[Event], catalogue: Catalogue, last_line: int
) -> tuple[Section, tuple[Section, ...]]:
    """The root section and every section in document order, frozen."""
    root = _Node(None, 0, 1, last_line)
    stack = [root]
    nodes: list[_Node] = []
    for event in events:
        if isinstance(event, Block):
            stack[-1].blocks.append(event)
            continue
        while stack[-1].level >= event.level:  # a section ends where one at its level or
            ended = stack.pop()  # above it starts
            ended.end_line = max(event.line - 1, ended.line)
        node = _Node(event, event.level, event.line)
        stack[-1].children.append(node)
        stack.append(node)
        nodes.append(node)
    for node in stack[1:]:  # the sections still open end with the file
        node.end_line = max(last_line, node.line)
    made: dict[int, Section] = {}
    top = _freeze(root, catalogue, made)
    return top, tuple(made[id(node)] for node in nodes)


def _freeze(node: _Node, catalogue: Catalogue, made: dict[int, Section]) -> Section:
    children = tuple(_freeze(child, catalogue, made) for child in node.children)
    words = sum(count_words(b.text) for b in node.blocks if b.kind is not BlockKind.CODE)
    words += sum(child.words + count_words(child.title) for child in children)
    heading = node.heading
    if heading is None:
        section = Section(
            "", 0, 1, node.end_line, children=children, blocks=tuple(node.blocks), words=words
        )
    else:
        section = Section(
            heading.title,
            heading.level,
            heading.line,
            node.end_line,
            spec=catalogue.by_id.get(heading.key or ""),
            names=tuple(catalogue.by_id[key] for key in heading.keys),
            disguise=heading.disguise,
            source=heading.source,
            rendered=heading.rendered,
            contained=heading.contained,
            joined=heading.joined,
            label=heading.label,
            children=children,
            blocks=tuple(node.blocks),
            words=words,
        )
    made[id(node)] = section
    return section
