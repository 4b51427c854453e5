"""The rule registry.

Each rule is a module here with ``ID``, ``NAME``, ``LEVEL`` (default level), ``OPTIONS``
(name -> :class:`Option`), a docstring that is its documentation, and
``check(doc, options)`` yielding :class:`~postmortem_lint.violation.Problem`. A rule that
sets ``ON_STUB = True`` also runs on files that are not a postmortem (empty, a link); one
with ``validate(options)`` checks its options together (a reason string when they clash);
one with ``ABOUT_INLINE_COMMENTS = True`` is skipped when inline comments are ignored.
:data:`REGISTRY` is the one place rules come from; :func:`register` adds to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from postmortem_lint.violation import Level, Problem

if TYPE_CHECKING:
    from postmortem_lint.document import Document

_KINDS: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "words": (list,),
}


@dataclass(frozen=True)
class Option:
    """One rule option: its kind (int, float, str, bool, words), default and meaning."""

    kind: str
    default: Any
    help: str

    def coerce(self, value: object, fail: Callable[[str], Exception]) -> object:
        """*value* checked against the kind; *fail(reason)* builds the error to raise."""
        if isinstance(value, bool) and self.kind != "bool":
            raise fail(f"expected {self.kind}, got a boolean")
        if not isinstance(value, _KINDS[self.kind]):
            raise fail(f"expected {self.kind}, got {type(value).__name__} {value!r}")
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise fail("expected a list of strings")
            return tuple(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise fail("must not be negative")
        return value


class Options:
    """A rule's option values, with typed accessors."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = dict(values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def items(self) -> Iterator[tuple[str, object]]:
        return iter(self.values.items())

    def integer(self, name: str) -> int:
        value = self.values[name]
        assert isinstance(value, int)
        return value

    def number(self, name: str) -> float:
        value = self.values[name]
        assert isinstance(value, (int, float))
        return float(value)

    def text(self, name: str) -> str:
        value = self.values[name]
        assert isinstance(value, str)
        return value

    def words(self, name: str) -> tuple[str, ...]:
        value = self.values[name]
        assert isinstance(value, tuple)
        return value


Check = Callable[["Document", Options], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    id: str
    name: str
    level: Level
    options: Mapping[str, Option]
    doc: str
    check: Check
    on_stub: bool
    validate: Callable[[Options], str | None] | None = None
    about_inline: bool = False

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0].rstrip(".")

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            id=module.ID,
            name=module.NAME,
            level=module.LEVEL,
            options=module.OPTIONS,
            doc=(module.__doc__ or "").strip(),
            check=module.check,
            on_stub=getattr(module, "ON_STUB", False),
            validate=getattr(module, "validate", None),
            about_inline=getattr(module, "ABOUT_INLINE_COMMENTS", False),
        )


def _registry() -> tuple[Rule, ...]:
    from postmortem_lint.checks import (
        ambiguous_date,
        broken_anchor,
        conflict_markers,
        duration_mismatch,
        empty_section,
        impact,
        impossible_date,
        indented_prose,
        inline_comment,
        outage_window,
        pseudo_heading,
        required_sections,
        root_cause_detail,
        root_cause_summary,
        section_order,
        task_list,
        timeline_coverage,
        timeline_entries,
        timeline_order,
        timeline_timezone,
        timeline_window,
        timezone_abbreviation,
        vague_task,
        weekday_mismatch,
        word_count,
    )

    modules = (
        required_sections,
        pseudo_heading,
        section_order,
        empty_section,
        conflict_markers,
        broken_anchor,
        indented_prose,
        inline_comment,
        outage_window,
        duration_mismatch,
        impact,
        root_cause_summary,
        timeline_entries,
        timeline_order,
        timeline_timezone,
        timeline_coverage,
        timeline_window,
        root_cause_detail,
        task_list,
        vague_task,
        word_count,
        weekday_mismatch,
        timezone_abbreviation,
        impossible_date,
        ambiguous_date,
    )
    return tuple(Rule.from_module(module) for module in modules)


REGISTRY: list[Rule] = []
_BY_KEY: dict[str, Rule] = {}


def register(rule: Rule | ModuleType) -> Rule:
    """Add a rule (or a rule module) to the registry; its ID and name must be new.

    This is how a plugin adds rules: register them before any file is linted.
    """
    if isinstance(rule, ModuleType):
        rule = Rule.from_module(rule)
    for key in (rule.id, rule.name):
        if lookup(key) is not None:
            raise ValueError(f"a rule {key!r} is already registered")
    REGISTRY.append(rule)
    _BY_KEY.update({rule.id: rule, rule.id.lower(): rule, rule.name: rule})
    return rule


def lookup(key: str) -> Rule | None:
    """A rule by ID (any case) or name."""
    return _BY_KEY.get(key) or _BY_KEY.get(key.lower())


for _rule in _registry():
    register(_rule)
