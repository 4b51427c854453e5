"""Section names: normalising headings and matching them to a pack's sections.

Matching ignores case, punctuation, emoji, numbering ("1.", "IV)"), parentheticals
("Timeline (UTC)") and instruction words left from a template ("must contain",
"recommended"); it accepts a pack alias, a heading that starts with a name followed by a
separator ("Issue Summary: the login outage"), small misspellings ("Time line",
"Corective"), and a creative heading that holds a name as a phrase ("The Plot Twist: Root
Cause and the Heroic Resolution", "Preventative measures we recommend"), unless it starts
with a time (a timeline entry written as a heading).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from postmortem_lint._text import folded, on_first_use

if TYPE_CHECKING:  # difflib is imported when a name could match, not at start-up
    from difflib import SequenceMatcher

_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")  # an emoji written :memo:
_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|step)\s+\d+[.):]?|(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.):])\s+",
    re.IGNORECASE,
)
_ANY_PARENTHETICAL = re.compile(r"\s*[(\[][^)\]]{0,120}[)\]]")
_INSTRUCTION_VERBS = ("contain", "include", "cover", "have", "list")
_INSTRUCTION_MARKS = ("recommended", "optional", "required", "mandatory")
_INSTRUCTION_WORDS = _INSTRUCTION_VERBS + _INSTRUCTION_MARKS  # a title without one has none
_INSTRUCTION = on_first_use(
    r"\s+(?:(?:must|should|will|needs? to|to)\s+(?:" + "|".join(_INSTRUCTION_VERBS) + r")\b.*"
    r"|\(?(?:" + "|".join(_INSTRUCTION_MARKS) + r")\)?)\s*:?\s*$",
    re.IGNORECASE,
)
_STARTS_WITH_TIME = re.compile(r"^\W*\d")
_PHRASE_LETTERS = 7  # a one-word name this long or longer is found inside a longer heading
_DASHES = "-\u2013\u2014|"  # a separator between spaces; ":" is one on its own
_SEPARATOR = re.compile(rf"\s*(?::|\s[{re.escape(_DASHES)}]\s)\s*")
_SEPARATOR_CHARACTERS = frozenset(":" + _DASHES)  # one of them is in every separator
_NON_WORD = re.compile(r"[^\w\s]+|_")
_LEADING_NUMBER = re.compile(r"^\d+\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|our|an?)\s+")
_JOINERS = frozenset(("of", "for", "on", "in", "during"))
# words that describe the name before them: "Timeline Summary" is a timeline
_DESCRIPTORS = frozenset(("summary", "overview", "recap", "details", "analysis", "review"))
_FUZZY = 0.88  # least similarity for a misspelt name to count
_CLOSEST_AMONG = 300  # headings a 'closest heading is ...' suggestion compares


def drop_shortcodes(text: str, by: str = "") -> str:
    """*text* with its emoji shortcodes (``:memo:``) replaced *by* a string."""
    return _SHORTCODE.sub(by, text) if ":" in text else text  # a shortcode holds colons


@lru_cache(maxsize=8192)  # headings repeat across a batch's files
def normalize(title: str) -> str:
    """Lower-case words of a heading: no emoji, punctuation, numbering or trailing colon."""
    text = title.lower().replace("&", " and ")
    text = drop_shortcodes(text, " ")
    text = " ".join(_NON_WORD.sub(" ", _NUMBERING.sub("", text)).split())
    return _LEADING_ARTICLE.sub("", _LEADING_NUMBER.sub("", text))


class Role(StrEnum):
    """What a section is for, in words the rules understand; a pack maps its sections to
    roles, and rules ask the document for a role, never for a pack's section id."""

    SUMMARY = "summary"
    IMPACT = "impact"
    TIMELINE = "timeline"
    ROOT_CAUSE = "root-cause"
    RESOLUTION = "resolution"
    ROOT_CAUSE_RESOLUTION = "root-cause-resolution"
    ACTION_ITEMS = "action-items"
    TRIGGER = "trigger"
    DETECTION = "detection"
    LESSONS_LEARNED = "lessons-learned"
    CONTRIBUTING_FACTORS = "contributing-factors"
    RESPONDERS = "responders"


class SectionSpec(NamedTuple):
    """One section a pack knows: its id, display title, aliases, whether required, the
    ids of the sections that together stand in for it, and its role (if any)."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parts: tuple[str, ...] = ()
    role: Role | None = None

    def names(self) -> tuple[str, ...]:
        """The title followed by its aliases."""
        return (self.title, *self.aliases)


class Catalogue:
    """The pack's sections, in their expected order, with a cached title matcher."""

    def __init__(self, specs: Sequence[SectionSpec]) -> None:
        self.specs: tuple[SectionSpec, ...] = tuple(specs)
        self.by_id = {spec.id: spec for spec in self.specs}
        self.by_role = {spec.role: spec for spec in self.specs if spec.role is not None}
        self._exact: dict[str, str] = {}
        for spec in self.specs:
            for name in spec.names():
                key = normalize(name)
                self._exact.setdefault(key, spec.id)
                self._exact.setdefault(key.replace(" ", ""), spec.id)
        self._phrases: dict[str, tuple[str, ...]] = {}  # a name inside a heading: its sections
        for spec in self.specs:
            for key in {normalize(name) for name in spec.names()}:
                if " " in key or len(key) >= _PHRASE_LETTERS:
                    self._phrases[key] = (*self._phrases.get(key, ()), spec.id)
        self._phrase_starts = frozenset(key.split(" ", 1)[0] for key in self._phrases)
        self._phrase_words = max((key.count(" ") + 1 for key in self._phrases), default=0)
        self._squashed = [
            (key, spec_id, _letters(key)) for key, spec_id in self._exact.items() if " " not in key
        ]
        self._near: dict[int, list[tuple[str, str, int]]] = {}  # by length, within 3
        self._lookup = lru_cache(maxsize=8192)(self._lookup_text)
        self.match = lru_cache(maxsize=4096)(self._match)
        self._rank: dict[str, int] = {}
        for place, spec in enumerate(self.required()):
            self._rank[spec.id] = place
            self._rank.update(dict.fromkeys(spec.parts, place))

    def required(self) -> tuple[SectionSpec, ...]:
        """The sections every postmortem must have, in order."""
        return tuple(spec for spec in self.specs if spec.required)

    def rank(self) -> Mapping[str, int]:
        """Each required section's place in the pack's order (parts share their whole's)."""
        return self._rank

    def is_part(self, key: str | None, whole: str | None) -> bool:
        """Whether section *key* is one of the parts that stand in for section *whole*."""
        spec = self.by_id.get(whole or "")
        return spec is not None and key in spec.parts

    def _match(self, title: str, fuzzy: bool = True) -> str | None:
        """The id of the section this heading names, or None; *fuzzy*: despite a small
        misspelling too."""
        title = title.strip()[:300]
        text = normalize(title)
        if not text:
            return None
        bare_title = self.bare(title)
        separable = not _SEPARATOR_CHARACTERS.isdisjoint(bare_title)  # a cheap test first
        parts = _SEPARATOR.split(bare_title, maxsplit=1) if separable else ()
        if len(parts) == 2:  # "Issue Summary: the outage", "Act 2: Timeline"
            found = self._lookup(normalize(parts[0]), fuzzy) or self._lookup(
                normalize(parts[1]), fuzzy
            )
            if found is not None:
                return found
        bare = normalize(bare_title)
        found = self._lookup(bare, fuzzy) if len(bare) <= 80 else None
        if found is None and bare != text and len(text) <= 80:
            found = self._lookup(text, fuzzy)
        if len(text) > 80:
            return found
        if found is None:  # "Timeline of Events", "Timeline for the outage"
            words = text.split()
            for size in (3, 2, 1):
                if len(words) > size and words[size] in _JOINERS:
                    found = self._exact.get(" ".join(words[:size]))
                    if found is not None:
                        break
        if found is None and not _STARTS_WITH_TIME.match(title):
            found = self._phrase(text)
        return found

    def names(self, title: str) -> tuple[str, ...]:
        """Every section *title* names: the one it stands for first, then any other named in
        it as a phrase ("Mitigation and Future Prevention" names both)."""
        first = self.match(title)
        if first is None:
            return ()
        if _STARTS_WITH_TIME.match(title):
            return (first,)
        others = (spec_id for _start, _end, spec_id in self._found(normalize(title)[:300]))
        return tuple(dict.fromkeys((first, *others)))

    def _found(self, text: str) -> list[tuple[int, int, str]]:
        """Each section named as a phrase in *text* (normalised), as its first match's
        start, end and the section's id, first match first; names may overlap ("Mitigation
        and Future Prevention" holds two). At each word a section's longest name is taken.
        A describing word ("summary", "overview") counts only after a joiner ("in
        Summary"): "Architecture Overview" is no summary, "Timeline Summary" a timeline."""
        words = text.split(" ")
        if self._phrase_starts.isdisjoint(words):
            return []  # most headings: no name starts at any of their words
        found: dict[str, tuple[int, int]] = {}
        start = 0
        for index, word in enumerate(words):
            if word in self._phrase_starts:
                for size in range(min(self._phrase_words, len(words) - index), 0, -1):
                    key = " ".join(words[index : index + size])
                    for spec_id in self._phrases.get(key, ()):
                        if spec_id not in found and (
                            key not in _DESCRIPTORS or (index and words[index - 1] in _JOINERS)
                        ):
                            found[spec_id] = (start, start + len(key))
            start += len(word) + 1
        in_order = ((*found[spec.id], spec.id) for spec in self.specs if spec.id in found)
        return sorted(in_order, key=lambda item: item[0])  # a tie in the pack's order

    def _phrase(self, text: str) -> str | None:
        """The section a longer heading names as a phrase inside it: the whole whose parts
        it names ("Root Cause and the Heroic Resolution"); else, of two names run together,
        the last, as English puts the head noun last ("Follow-up Timeline"), and the first
        when a joiner or "and" stands between ("Timeline of the Resolution")."""
        found = self._found(text)
        named = [spec_id for _start, _end, spec_id in found]
        if len(named) < 2:
            return named[0] if named else None
        whole = next(
            (spec.id for spec in self.specs if spec.parts and set(named) <= set(spec.parts)),
            None,
        )
        if whole is not None:
            return whole
        between = set(text[found[0][1] : found[-1][0]].split())
        return named[0] if between & (_JOINERS | {"and"}) else named[-1]

    def bare(self, title: str) -> str:
        """*title* without parentheticals and instruction words ("must contain:")."""
        text = title.strip().rstrip(":")
        if "(" in text or "[" in text:
            text = _ANY_PARENTHETICAL.sub("", text)
        folded_text = folded(text)
        if any(word in folded_text for word in _INSTRUCTION_WORDS):
            text = _INSTRUCTION().sub("", text)
        return text.strip()

    def names_only(self, title: str, key: str) -> bool:
        """Whether *title* is nothing but a name of section *key* (no extra words, but for
        parentheticals and instruction words: "Timeline (UTC)", "Timeline must contain:")."""
        return self._lookup(normalize(self.bare(title))) == key

    def _lookup_text(self, text: str, fuzzy: bool = True) -> str | None:
        """The section a normalised name is, exactly or (*fuzzy*) despite a small
        misspelling."""
        if not text:
            return None
        found = self._exact.get(text) or self._exact.get(text.replace(" ", ""))
        if found is not None:
            return found
        squashed = text.replace(" ", "")
        if not fuzzy or len(squashed) < 6 or len(text.split()) > 8:
            return None
        letters = _letters(squashed)
        matcher: SequenceMatcher[str] | None = None
        best, best_ratio = None, _FUZZY
        near = self._near.get(len(squashed))
        if near is None:
            near = [entry for entry in self._squashed if abs(len(entry[0]) - len(squashed)) <= 3]
            self._near[len(squashed)] = near
        for key, spec_id, key_letters in near:
            if _ceiling(key, key_letters, squashed, letters) < best_ratio:
                continue  # most names: two integer operations, no matcher
            if matcher is None:
                from difflib import SequenceMatcher

                matcher = SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(squashed)
            matcher.set_seq1(key)
            if (
                matcher.real_quick_ratio() >= best_ratio
                and matcher.quick_ratio() >= best_ratio
                and matcher.ratio() >= best_ratio
            ):
                best, best_ratio = spec_id, matcher.ratio()
        return best

    def closest(
        self, spec: SectionSpec, titles: Iterable[str], at_least: float
    ) -> tuple[str, float] | None:
        """The first title most like any of *spec*'s names, with its similarity (0..1),
        when that is *at_least*, among the first few hundred (a suggestion need not read
        10⁵ headings)."""
        return self._closest(spec.id, tuple(islice(titles, _CLOSEST_AMONG)), at_least)

    @lru_cache(maxsize=1024)  # noqa: B019 - one catalogue per config, kept for the run
    def _closest(
        self, spec_id: str, titles: tuple[str, ...], at_least: float
    ) -> tuple[str, float] | None:
        """:meth:`closest`; a pair whose quick upper bounds cannot beat the best so far is
        not compared in full."""
        from difflib import SequenceMatcher

        best: tuple[str, float] | None = None
        matcher = SequenceMatcher(None, autojunk=False)
        for title in titles:
            text = normalize(title)
            if not text or len(text) > 80:
                continue
            matcher.set_seq2(text)
            letters = _letters(text)
            for name, name_letters in self._names(spec_id):
                if not _beats(_ceiling(name, name_letters, text, letters), best, at_least):
                    continue
                matcher.set_seq1(name)
                bounds = (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
                if all(_beats(bound(), best, at_least) for bound in bounds):
                    best = (title, matcher.ratio())  # kept by the matcher: not computed again
        return best

    @lru_cache(maxsize=64)  # noqa: B019 - one catalogue per config, kept for the run
    def _names(self, spec_id: str) -> tuple[tuple[str, int], ...]:
        return tuple((key, _letters(key)) for key in map(normalize, self.by_id[spec_id].names()))


def _beats(ratio: float, best: tuple[str, float] | None, at_least: float) -> bool:
    """Whether *ratio* beats the *best* title so far, or is *at_least* when there is none."""
    return ratio > best[1] if best else ratio >= at_least


def _ceiling(a: str, a_letters: int, b: str, b_letters: int) -> float:
    """A bound on difflib's ratio of *a* and *b* (with their :func:`_letters`): a letter
    one has and the other lacks matches nothing."""
    shared = min(
        len(a) - (a_letters & ~b_letters).bit_count(), len(b) - (b_letters & ~a_letters).bit_count()
    )
    return 2.0 * shared / (len(a) + len(b))


def _letters(text: str) -> int:
    """The characters *text* holds, one bit each (characters past ASCII may share one)."""
    bits = 0
    for char in set(text):
        bits |= 1 << (ord(char) & 127)
    return bits
