"""Rules x Document x Config -> sorted, frozen Violations, inline comments applied.

Inline comments (outside code) switch rules off by ID or name; with no rule given they
apply to every rule::

    <!-- postmortem-lint disable PM501 -->            off until enable (or end of file)
    <!-- postmortem-lint enable PM501 -->
    <!-- postmortem-lint disable-next-line PM006 -->  off for the next line only
    <!-- postmortem-lint disable-file PM501 -->       off for the whole file
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from postmortem_lint import config as config_module
from postmortem_lint.checks import Rule, lookup, one_line
from postmortem_lint.config import Config
from postmortem_lint.document import LINE_BREAK, Action, DecodeError, Document, decode, parse
from postmortem_lint.violation import Claim, Fix, Problem, Violation


class InputError(Exception):
    """A file that cannot be linted (unreadable, binary, not UTF-8); one line of text."""


class RuleError(InputError):
    """A rule (a plugin's, most likely) failed on a file; one line naming the rule."""


@dataclass(repr=False, eq=False)
class _Switches:
    """The inline comments that switch rules off and on, in order: (line, end line,
    action, rule IDs or None for every rule)."""

    comments: list[tuple[int, int, Action, frozenset[str] | None]] = field(default_factory=list)

    def allows(self, rule: str, line: int) -> bool:
        on = True
        for at, end, action, keys in self.comments:
            if keys is not None and rule not in keys:
                continue
            if action is Action.DISABLE_FILE:
                return False
            if action is Action.DISABLE_NEXT_LINE and line == end + 1:
                return False
            if at <= line and action in (Action.DISABLE, Action.ENABLE):
                on = action is Action.ENABLE
        return on


def _switches(doc: Document) -> _Switches:
    """The inline comments of *doc*. A rule name that is not known switches nothing
    (PM008 reports it); a comment naming no rule applies to all."""
    switches = _Switches()
    for directive in doc.directives:
        action = directive.known_action
        if action is None:
            continue
        keys = None
        if directive.names:
            keys = frozenset(rule.id for rule in map(lookup, directive.rules) if rule)
        switches.comments.append((directive.line, directive.end_line, action, keys))
    return switches


def lint_document(
    doc: Document,
    config: Config,
    path: str = "<text>",
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> list[Violation]:
    """Run every enabled rule on a parsed document.

    *select* and *ignore* take rule IDs or names; *inline* False ignores the inline
    comments that switch rules off. Findings come sorted by path, position and rule.
    """
    return [
        v
        for v, _fix in lint_fixable(doc, config, path, select=select, ignore=ignore, inline=inline)
    ]


def lint_fixable(
    doc: Document,
    config: Config,
    path: str = "<text>",
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> list[tuple[Violation, Fix | None]]:
    """:func:`lint_document`, each finding with its safe fix (None when it has none, and
    for every finding in a file holding merge-conflict markers, which is left alone)."""
    found = [
        (v, None if doc.conflicts else fix)
        for v, fix in _run(doc, config, path, select, ignore, inline)
    ]
    return sorted(
        found, key=lambda pair: (pair[0].path, pair[0].line, pair[0].column, pair[0].rule)
    )


def _run(
    doc: Document,
    config: Config,
    path: str,
    select: Collection[str],
    ignore: Collection[str],
    inline: bool = True,
) -> Iterator[tuple[Violation, Fix | None]]:
    selected, ignored = resolve_rules(select), resolve_rules(ignore)
    switches = _switches(doc) if inline else _Switches()
    found: list[tuple[Rule, str, Problem]] = []
    for rule, setting in config.enabled():
        if (selected and rule.id not in selected) or rule.id in ignored:
            continue
        if rule.about_inline and not inline:
            continue
        level = setting.level.value
        try:
            problems = list(rule.check(doc, setting.options))
            if not all(isinstance(problem, Problem) for problem in problems):
                raise TypeError("check() must yield Problem records")  # not return one
        except Exception as error:  # a rule's bug must not end the run with a traceback
            raise RuleError(f"rule {rule.id} ({rule.name}) failed: {one_line(error)}") from None
        found.extend(
            (rule, level, problem) for problem in problems if switches.allows(rule.id, problem.line)
        )
    for rule, level, problem in supersede(found):
        end_line = problem.end_line or problem.line
        end_column = problem.end_column or _line_end(doc, end_line, problem.column)
        violation = Violation(
            path=path,
            line=problem.line,
            column=problem.column,
            end_line=end_line,
            end_column=end_column,
            rule=rule.id,
            name=rule.name,
            level=level,
            message=problem.message,
            about_file=problem.about_file,
        )
        yield violation, problem.fix


_PRECEDENCE = (Claim.NOT_A_POSTMORTEM, Claim.MISSING, Claim.EMPTY)


def supersede(found: list[tuple[Rule, str, Problem]]) -> list[tuple[Rule, str, Problem]]:
    """*found* without the findings made redundant by another reported one: a rule's
    finding goes when a finding it yields to (``Rule.yields_to``) makes that claim about
    the whole file (not a postmortem) or about the finding's own region. Claims are applied
    from the widest down, so a finding that is itself dropped makes no other redundant."""
    kept = found
    for claim in _PRECEDENCE:
        regions = {problem.region for _rule, _level, problem in kept if problem.claim is claim}
        if not regions:
            continue
        whole_file = claim is Claim.NOT_A_POSTMORTEM
        kept = [
            (rule, level, problem)
            for rule, level, problem in kept
            if problem.claim is claim
            or claim not in rule.yields_to
            or not (whole_file or (problem.region is not None and problem.region in regions))
        ]
    return kept


class Fixed(NamedTuple):
    """The outcome of :func:`fix_text`: the new text and how many fixes it took."""

    text: str
    applied: int


def fix_text(
    text: str,
    config: Config | None = None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> Fixed:
    """Apply every safe fix to *text*, keeping its BOM, line endings and final newline.

    Only the fixed spans change; overlapping fixes after the first on a line are skipped.
    A fix that another makes possible (a link to the heading a pseudo-heading becomes) is
    applied in a further round, up to a few. A file holding merge-conflict markers is
    left alone until the conflict is resolved.
    """
    config = config or config_module.load()
    applied = 0
    for _round in range(_FIX_ROUNDS):
        fixed = _fix_once(text, config, select, ignore, inline)
        if not fixed.applied:
            break
        text, applied = fixed.text, applied + fixed.applied
    return Fixed(text, applied)


_FIX_ROUNDS = 4  # each round's fixes make the next one's possible; a chain is short


def _fix_once(
    text: str, config: Config, select: Collection[str], ignore: Collection[str], inline: bool
) -> Fixed:
    """The fixes found in one reading of *text*, applied."""
    doc = parse(text, config.catalogue, config.date_order)
    if doc.conflicts:
        return Fixed(text, 0)  # two versions in one file: resolve the conflict first (PM005)
    fixes = {fix for _v, fix in _run(doc, config, "", select, ignore, inline) if fix is not None}
    lines = list(doc.lines)
    applied = 0
    edited: dict[int, int] = {}  # line -> leftmost column already changed on it
    for fix in sorted(fixes, key=lambda fix: (fix.line, fix.column), reverse=True):
        if fix.end_column > edited.get(fix.line, fix.end_column):
            continue
        line = lines[fix.line - 1]
        lines[fix.line - 1] = line[: fix.column - 1] + fix.text + line[fix.end_column - 1 :]
        edited[fix.line] = fix.column
        applied += 1
    if not applied:
        return Fixed(text, 0)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    endings = [*LINE_BREAK.findall(text), ""]  # each line keeps its own line ending
    body = "".join(line + ending for line, ending in zip(lines, endings, strict=False))
    return Fixed(bom + body, applied)


def _line_end(doc: Document, line: int, column: int) -> int:
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    return max(len(text.rstrip()) + 1, column)  # the end of the line (empty: no width)


def resolve_rules(keys: Iterable[str]) -> set[str]:
    """Rule IDs for IDs or names; raise ValueError naming an unknown one."""
    out: set[str] = set()
    for key in (keys,) if isinstance(keys, str) else keys:
        for word in re.split(r"[\s,]+", key.strip()):
            if not word:
                continue
            rule = lookup(word)
            if rule is None:
                raise ValueError(f"unknown rule {word!r} (see 'postmortem-lint rules')")
            out.add(rule.id)
    return out


def lint_text(
    text: str,
    path: str = "<text>",
    config: Config | None = None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> list[Violation]:
    """Lint Markdown *text* (BOM and CRLF allowed) under *config* (default: the alx pack)."""
    config = config or config_module.load()
    doc = parse(text, config.catalogue, config.date_order)
    return lint_document(doc, config, path, select=select, ignore=ignore, inline=inline)


def _read_bytes(path: Path) -> bytes:
    if path.exists() and not path.is_file() and not path.is_dir():
        raise InputError("not a regular file (a FIFO, device or socket): nothing to lint")
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None


def read_text(path: Path) -> str:
    """A file's text, or :class:`InputError` with a one-line reason."""
    try:
        return decode(_read_bytes(path))
    except DecodeError as error:
        raise InputError(str(error)) from None


def fix_file(
    path: str | Path,
    config: Config | None = None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> int:
    """Apply the safe fixes to a file in place (atomically); return how many were applied.

    The file keeps its BOM, line endings, final newline and permissions; nothing else in it
    changes. It is not written at all when there is nothing to fix.
    """
    file_path = Path(path)
    config = config or config_module.for_file(file_path)
    data = _read_bytes(file_path)
    try:
        text = decode(data)
    except DecodeError as error:
        raise InputError(str(error)) from None
    bom = "\ufeff" if data.startswith(codecs.BOM_UTF8) else ""
    fixed = fix_text(bom + text, config, select=select, ignore=ignore, inline=inline)
    if fixed.applied:
        write_atomic(file_path, fixed.text.encode("utf-8"))
    return fixed.applied


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[BinaryIO]:
    """A handle to write a report to *path* as it is rendered. A regular file (or a new
    one) is written beside it and replaced atomically when the block ends without an
    error (see :func:`write_atomic`); a FIFO, a device or ``/dev/stdout`` is written
    directly, never replaced by a file, and so is a path under ``/dev`` or ``/proc``
    (``/dev/stdout`` may stand for a regular file that stdout is redirected to)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError("cannot write: it is a directory")
    stream = str(path).startswith(("/dev/", "/proc/"))  # /dev/stdout: the file it is open on
    if not stream and (mode is None or stat.S_ISREG(mode)):
        with _replacing(path) as handle:
            yield handle
        return
    try:
        with open(path, "ab") as handle:  # appending: never truncate what stdout is open on
            yield handle
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file at *path* (through a symlink, its target) with *data*, by way of a
    temporary file beside it, keeping its mode and, where allowed, its owner. A file that
    is read-only (no write bit, or not writable by us) is refused."""
    with _replacing(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """:func:`write_atomic` as a handle: the file is replaced when the block ends."""
    import tempfile  # only a run that writes pays for it

    target = Path(os.path.realpath(path))
    before = target.stat() if target.exists() else None
    if before is not None and not (before.st_mode & 0o222 and os.access(target, os.W_OK)):
        raise InputError("cannot write: the file is read-only")
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None
    temporary = Path(name)  # a new name no one can have planted: O_EXCL, random
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if before is None:
            os.chmod(temporary, 0o666 & ~_umask())  # as open() would have made it
        else:
            os.chmod(temporary, stat.S_IMODE(before.st_mode))
            with contextlib.suppress(OSError):
                os.chown(temporary, before.st_uid, before.st_gid)
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)


def lint_file(
    path: str | Path,
    config: Config | None = None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    inline: bool = True,
) -> list[Violation]:
    """Lint one file; *config* defaults to the one discovered for it."""
    file_path = Path(path)
    config = config or config_module.for_file(file_path)
    text = read_text(file_path)
    return lint_text(text, str(path), config, select=select, ignore=ignore, inline=inline)


__all__ = [
    "Fixed",
    "InputError",
    "RuleError",
    "fix_file",
    "fix_text",
    "lint_document",
    "lint_file",
    "lint_fixable",
    "lint_text",
    "output_file",
    "read_text",
    "write_atomic",
]
