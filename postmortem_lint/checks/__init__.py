"""The rule registry, and what a rule module is.

A rule is a module with ``ID``, ``NAME``, ``LEVEL`` (a :class:`Level`, or ``"error"`` /
``"warning"``), ``OPTIONS`` (name -> :class:`Option`, each with its real default), a
docstring that is its documentation, and ``check(doc, options)`` yielding
:class:`~postmortem_lint.violation.Problem`. Optional: ``ROLES`` (the section roles it
reads: the rule runs only under a pack that maps one of them), ``YIELDS_TO`` (the
:class:`Claim` s that make its findings redundant; default: the file not being a
postmortem; :data:`CONTENT` for rules reading a section), ``validate(options)`` (a reason
string when options clash) and ``ABOUT_INLINE_COMMENTS = True`` (skipped when inline
comments are ignored). :func:`registry` is the one place rules come from: the built-in
ones, then installed plugins (entry point group ``postmortem_lint.rules``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from postmortem_lint.sections import Catalogue, Role
from postmortem_lint.violation import Claim, Level, Problem

if TYPE_CHECKING:
    from postmortem_lint.document import Document

_KINDS: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "words": (list, tuple),
}


class Option(NamedTuple):
    """One rule option: its kind (int, float, str, bool, words), default and meaning."""

    kind: str
    default: Any
    help: str

    def coerce(self, value: object, fail: Callable[[str], Exception]) -> object:
        """*value* checked against the kind; *fail(reason)* builds the error to raise."""
        if isinstance(value, bool) and self.kind != "bool":
            raise fail(f"expected {self.kind}, got a boolean")
        if not isinstance(value, _KINDS[self.kind]):
            kind = "a list of words, as [a, b]" if self.kind == "words" else self.kind
            raise fail(f"expected {kind}, got {type(value).__name__} {value!r}")
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value, start=1):
                if not isinstance(item, str):
                    raise fail(f"item {index} is {type(item).__name__} {item!r}, not a word")
                if not item.replace("*", "").strip():  # "*" ends a stem: alone, no word
                    raise fail(f"item {index} {item!r} is no word")
            return tuple(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value < 0:
                raise fail("must not be negative")
            if value > MAX_NUMBER:
                raise fail(f"too large (at most {MAX_NUMBER:,})")
        return value


MAX_NUMBER = 10**9  # no word count, minute or percentage a postmortem needs is larger


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

    def flag(self, name: str) -> bool:
        value = self.values[name]
        assert isinstance(value, bool)
        return value

    def words(self, name: str) -> tuple[str, ...]:
        value = self.values[name]
        assert isinstance(value, tuple)
        return value


Check = Callable[["Document", Options], Iterator[Problem]]

CONTENT = (Claim.NOT_A_POSTMORTEM, Claim.MISSING, Claim.EMPTY)
"""What a rule reading a section's content yields to: the file not being a postmortem, and
its section being missing or empty."""


HOME = "https://github.com/postmortem-lint/postmortem-lint"
"""The project's home page, whose README documents every rule."""


class PluginError(Exception):
    """A rule from a plugin that cannot be used; one line naming the plugin."""


class Rule(NamedTuple):
    """A registered rule.

    ``roles`` are the section roles it reads (none: it reads the whole document); a pack
    mapping none of them leaves the rule nothing to read, so it does not run. ``yields_to``
    are the claims that make its findings on the same region redundant.
    """

    id: str
    name: str
    level: Level
    options: Mapping[str, Option]
    doc: str
    check: Check
    roles: tuple[Role, ...] = ()
    yields_to: frozenset[Claim] = frozenset({Claim.NOT_A_POSTMORTEM})
    validate: Callable[[Options], str | None] | None = None
    about_inline: bool = False

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0].rstrip(".") if self.doc.strip() else self.name

    @property
    def url(self) -> str:
        """Where the rule is documented: its section of the README."""
        return f"{HOME}#{self.id.lower()}-{self.name}"

    @property
    def roles_text(self) -> str:
        """The roles it reads, for messages: "'timeline'" or "'summary' or 'impact'"."""
        return " or ".join(f"'{role}'" for role in self.roles)

    def applies(self, catalogue: Catalogue) -> bool:
        """Whether a pack with *catalogue* gives this rule something to read."""
        return not self.roles or any(role in catalogue.by_role for role in self.roles)

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        """The rule a module describes; :class:`ValueError` when it is malformed."""
        missing = [name for name in ("ID", "NAME", "LEVEL", "check") if not hasattr(module, name)]
        if missing:
            raise ValueError(f"module {module.__name__} lacks {', '.join(missing)}")
        try:
            level = Level(str(module.LEVEL).lower())
        except ValueError:
            raise ValueError(f"LEVEL must be 'error' or 'warning', not {module.LEVEL!r}") from None
        if level is Level.OFF:
            raise ValueError("LEVEL must be 'error' or 'warning', not 'off'")
        try:
            roles = tuple(Role(role) for role in getattr(module, "ROLES", ()))
            yields = frozenset(Claim(c) for c in getattr(module, "YIELDS_TO", CONTENT[:1]))
        except ValueError as error:
            raise ValueError(str(error)) from None
        options: dict[str, Option] = {}
        for name, option in dict(getattr(module, "OPTIONS", {})).items():
            if not isinstance(option, Option) or option.kind not in _KINDS:
                raise ValueError(f"OPTIONS[{name!r}] must be an Option of a known kind")
            default = option.coerce(option.default, partial(_bad_default, name))
            options[name] = option._replace(default=default)
        return cls(
            id=str(module.ID),
            name=str(module.NAME),
            level=level,
            options=options,
            doc=(module.__doc__ or "").strip(),
            check=module.check,
            roles=roles,
            yields_to=yields,
            validate=getattr(module, "validate", None),
            about_inline=getattr(module, "ABOUT_INLINE_COMMENTS", False),
        )


def _builtin() -> tuple[Rule, ...]:
    from postmortem_lint.checks import (
        action_item_owner,
        ambiguous_date,
        blameless,
        broken_anchor,
        conflict_markers,
        duration_mismatch,
        empty_section,
        header_fields,
        impact,
        impossible_date,
        indented_prose,
        inline_comment,
        language,
        outage_window,
        placeholder,
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
        placeholder,
        header_fields,
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
        action_item_owner,
        word_count,
        language,
        weekday_mismatch,
        timezone_abbreviation,
        impossible_date,
        ambiguous_date,
        blameless,
    )
    return tuple(Rule.from_module(module) for module in modules)


ENTRY_POINTS = "postmortem_lint.rules"
_RULES: list[Rule] = []
_BY_KEY: dict[str, Rule] = {}


def registry() -> tuple[Rule, ...]:
    """Every rule: the built-in ones, then those of installed plugins (entry points in
    the group ``postmortem_lint.rules``, each naming a rule module), then any added with
    :func:`register`. Raises :class:`PluginError` for a plugin that cannot be used."""
    if not _RULES:
        for rule in _builtin():
            _add(rule)
        try:
            _load_plugins()
        except PluginError:
            _RULES.clear()  # no half-filled registry: the next call fails the same way
            _BY_KEY.clear()
            raise
    return tuple(_RULES)


def _any_plugin() -> bool:
    """Whether an installed distribution may declare our entry points: a cheap look at
    the ``entry_points.txt`` files on ``sys.path``, so a run without plugins never
    imports ``importlib.metadata`` (a tenth of the start-up)."""
    for entry in sys.path:
        if os.path.isfile(entry):
            return True  # a zipped path may hold a distribution: ask importlib.metadata
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue  # a missing directory
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry, name, "entry_points.txt"), "rb") as handle:
                    if ENTRY_POINTS.encode() in handle.read():
                        return True
            except OSError:
                continue
    return False


def _load_plugins() -> None:
    if not _any_plugin():
        return
    from importlib.metadata import entry_points

    for point in sorted(entry_points(group=ENTRY_POINTS), key=lambda p: p.name):
        where = f"plugin {point.name!r} ({point.value})"
        try:
            loaded = point.load()
        except Exception as error:  # a plugin's import may fail in any way
            raise PluginError(f"{where}: cannot be loaded: {one_line(error)}") from None
        if not isinstance(loaded, ModuleType):
            raise PluginError(f"{where}: names {type(loaded).__name__}, not a rule module")
        try:
            _add(Rule.from_module(loaded))
        except ValueError as error:
            raise PluginError(f"{where}: {error}") from None


def _bad_default(name: str, reason: str) -> ValueError:
    return ValueError(f"OPTIONS[{name!r}] default: {reason}")


def one_line(error: BaseException) -> str:
    """An exception as one line: its type and its message, whitespace folded."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _add(rule: Rule) -> Rule:
    for key in (rule.id, rule.name):
        if key in _BY_KEY or key.lower() in _BY_KEY:
            raise ValueError(f"a rule {key!r} is already registered")
    _RULES.append(rule)
    _BY_KEY.update({rule.id: rule, rule.id.lower(): rule, rule.name: rule})
    return rule


def register(rule: Rule | ModuleType) -> Rule:
    """Add a rule (or a rule module) to the registry; its ID and name must be new.

    Plugins are best installed through the entry point group; this is for rules defined at
    run time (tests, notebooks). Raises :class:`ValueError` for a malformed module.
    """
    registry()
    return _add(Rule.from_module(rule) if isinstance(rule, ModuleType) else rule)


def lookup(key: str) -> Rule | None:
    """A rule by ID (any case) or name."""
    registry()
    return _BY_KEY.get(key) or _BY_KEY.get(key.lower())


def vocabulary(words: str) -> tuple[str, ...]:
    """A vocabulary option's default from one comma-separated string (``*`` at the end of
    a word matches any ending: ``resolv*``)."""
    return tuple(word.strip() for word in words.split(",") if word.strip())
